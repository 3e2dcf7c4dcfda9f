package org.baseimg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.baseimg.BadInputException;
import org.baseimg.initramfs.Compression;
import org.baseimg.initramfs.FrameCache;
import org.baseimg.initramfs.InitProgram;
import org.baseimg.initramfs.InitramfsWriter;
import org.baseimg.initramfs.PackOptions;
import org.baseimg.initramfs.PackResult;
import org.baseimg.initramfs.RootfsSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baseimg pack}: a tree or tar archive in, a bootable initramfs out. */
@Command(
    name = "pack",
    mixinStandardHelpOptions = true,
    description = {
      "Packs a root file system as a newc cpio initramfs the kernel boots straight into.",
      "",
      "Entries are sorted, directories come before their contents, missing parents are added,"
          + " inodes are numbered in order and hard links share one. The same tree and options"
          + " give the same bytes; set --epoch or SOURCE_DATE_EPOCH to make host mtimes not"
          + " matter.",
      "",
      "Unless --bare is given, the archive gets /init (the tree's own, or a built-in one that"
          + " mounts proc, sys and devtmpfs and execs /sbin/init or a shell), /dev/console and"
          + " the mount points /proc, /sys, /run and /tmp, whichever the tree lacks. No root"
          + " needed for any of it.",
      ""
    },
    footer = {
      "%nExamples:",
      "  baseimg pack rootfs/ -o initramfs.cpio.zst",
      "  docker export CONTAINER | baseimg pack - -o initramfs.cpio.xz --compression xz",
      "  baseimg pack rootfs/ -o - | ssh host 'cat > /boot/initramfs.cpio.zst'",
      "  SOURCE_DATE_EPOCH=1700000000 baseimg pack rootfs.tar.gz -o out.cpio.gz --compression gzip",
      ExitCode.HELP_SECTION
    })
final class PackCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SOURCE",
      description =
          "A directory, a tar archive (.tar, .tar.gz, .tar.xz, .tar.zst, told apart by content),"
              + " or - for a tar stream on standard input.")
  String source;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "OUT",
      description =
          "The initramfs to write, or - for standard output. It appears complete or not at all. A"
              + " symlink at OUT is followed (the file it leads to is replaced); a directory,"
              + " device, FIFO or socket at OUT is refused. OUT and its temporary file are left"
              + " out of a directory SOURCE that holds them.")
  Path output;

  @Option(
      names = "--compression",
      paramLabel = "FORMAT",
      description = "zstd (default), xz (with a CRC32 check, as the kernel needs), gzip or none.",
      converter = FormatConverter.class,
      defaultValue = "zstd")
  Compression.Format format;

  @Option(
      names = "--level",
      paramLabel = "N",
      description = "Compression level: zstd 1-22 (default 19), xz 0-9 (6), gzip 1-9 (6).")
  Integer level;

  @Option(
      names = "--xz-dict",
      paramLabel = "SIZE",
      description =
          "xz dictionary size, e.g. 32MiB (default: the level's, 8MiB at 6). Larger finds more"
              + " repeats in a big tree.")
  String xzDictionary;

  @Option(
      names = "--epoch",
      paramLabel = "SECONDS",
      description =
          "Clamp every mtime to at most this many seconds since 1970. Defaults to"
              + " SOURCE_DATE_EPOCH when set; without either, host mtimes are kept.")
  Long epoch;

  @Option(
      names = "--init",
      paramLabel = "FILE|builtin",
      description =
          "Install FILE as /init (mode 0755, root), or the built-in init, replacing any /init in"
              + " the tree. Default: the tree's /init, else the built-in one.")
  String init;

  @Option(
      names = "--bare",
      description =
          "Add nothing: no /init, /dev/console or mount points (e.g. for an early microcode"
              + " archive).")
  boolean bare;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Compression threads (default: all cores). The output does not depend on it.")
  Integer threads;

  @Option(
      names = "--frame-cache",
      paramLabel = "DIR",
      description =
          "Keep zstd's compressed frames in DIR (at most 1 GiB, least recently used out first) and"
              + " take unchanged ones from there: repacking a tree that changed in one place"
              + " compresses one frame. The output does not depend on it.")
  Path frameCache;

  @Mixin ConsoleOptions console = new ConsoleOptions();

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PackOptions options = options();
    EventRenderer renderer = console.renderer(err);
    InitramfsWriter writer = InitramfsWriter.create(options, renderer);
    if (threads != null) {
      writer = writer.withThreads(threads);
    }
    if (frameCache != null) {
      writer = writer.withFrameCache(FrameCache.at(frameCache));
    }
    boolean toStdout = output.toString().equals("-");
    PackResult result =
        toStdout ? writer.write(source(), standardOutput()) : writer.write(source(), output);
    renderer.clearStatus();
    // With the archive on standard output, the summary goes to standard error.
    (toStdout ? err : spec.commandLine().getOut())
        .printf(
            Locale.ROOT,
            "%s: %s (%s), %d entries, %s uncompressed, %d segment%s, %s, sha256 %s%n",
            output,
            ConsoleRenderer.bytes(result.compressedBytes()),
            options.compression(),
            result.entries(),
            ConsoleRenderer.bytes(result.uncompressedBytes()),
            result.segments(),
            result.segments() == 1 ? "" : "s",
            ConsoleRenderer.seconds(result.elapsed()),
            result.sha256());
    return ExitCode.OK;
  }

  /** Standard output as raw bytes, flushed but left open when the writer closes it. */
  private static java.io.OutputStream standardOutput() {
    return new java.io.FilterOutputStream(System.out) {
      @Override
      public void write(byte[] b, int off, int len) throws java.io.IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws java.io.IOException {
        flush();
      }
    };
  }

  private PackOptions options() throws BadInputException {
    Compression compression;
    try {
      compression = Compression.of(format, level == null ? format.defaultLevel() : level);
      if (xzDictionary != null) {
        compression = compression.withXzDictionary(Sizes.parse(xzDictionary, "--xz-dict"));
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PackOptions options = PackOptions.defaults().withCompression(compression).withBare(bare);
    OptionalLong clamp = epoch();
    if (clamp.isPresent()) {
      options = options.withEpoch(clamp.getAsLong());
    }
    if (init != null) {
      if (bare) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--init and --bare contradict each other; give one");
      }
      options =
          options.withInit(
              init.equals("builtin") ? InitProgram.builtin() : InitProgram.file(Path.of(init)));
    }
    return options;
  }

  private OptionalLong epoch() {
    if (epoch != null) {
      return checkedEpoch(epoch, "--epoch");
    }
    String fromEnvironment = System.getenv("SOURCE_DATE_EPOCH");
    if (fromEnvironment == null || fromEnvironment.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return checkedEpoch(Long.parseLong(fromEnvironment.trim()), "SOURCE_DATE_EPOCH");
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "SOURCE_DATE_EPOCH='"
              + fromEnvironment
              + "' is not a number of seconds; unset or fix it");
    }
  }

  private OptionalLong checkedEpoch(long seconds, String name) {
    if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          name + " " + seconds + " is outside cpio's time range 0..4294967295 (1970 to 2106)");
    }
    return OptionalLong.of(seconds);
  }

  private RootfsSource source() throws BadInputException {
    if (source.equals("-")) {
      return RootfsSource.tar(System.in, "on standard input");
    }
    Path path = Path.of(source);
    if (Files.isDirectory(path)) {
      return RootfsSource.directory(path);
    }
    if (Files.isRegularFile(path)) {
      return RootfsSource.tar(path);
    }
    throw new BadInputException(
        "source " + source + " does not exist; give a directory, a tar archive or -");
  }

  /** Accepts the compression names case-insensitively and lists them when one is wrong. */
  static final class FormatConverter implements CommandLine.ITypeConverter<Compression.Format> {
    @Override
    public Compression.Format convert(String value) {
      for (Compression.Format format : Compression.Format.values()) {
        if (format.cliName().equalsIgnoreCase(value)) {
          return format;
        }
      }
      throw new CommandLine.TypeConversionException(
          "unknown compression '" + value + "'; use zstd, xz, gzip or none");
    }
  }
}
