package org.baseimg.initramfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.baseimg.initramfs.Packing.EPOCH;
import static org.baseimg.initramfs.Packing.byName;
import static org.baseimg.initramfs.Packing.list;
import static org.baseimg.initramfs.Packing.options;
import static org.baseimg.initramfs.Packing.pack;
import static org.baseimg.initramfs.Packing.packToBytes;
import static org.baseimg.initramfs.Packing.smallTree;
import static org.baseimg.initramfs.Packing.tarOf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.baseimg.fs.FileMode;
import org.baseimg.fs.FileType;
import org.baseimg.fs.ImagePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitramfsWriterTest {
  @TempDir Path temp;

  @Test
  void pack_sameTreeCreatedInDifferentOrderWithDifferentMtimes_givesSameSha256() throws Exception {
    Path first = temp.resolve("first");
    Path second = temp.resolve("second");
    smallTree(first, false, Instant.parse("2024-01-01T00:00:00Z"));
    smallTree(second, true, Instant.parse("2025-06-30T12:34:56Z"));

    PackResult a =
        pack(RootfsSource.directory(first), options(Compression.none()), temp.resolve("a"));
    PackResult b =
        pack(RootfsSource.directory(second), options(Compression.none()), temp.resolve("b"));

    assertThat(a.sha256()).isEqualTo(b.sha256());
    assertThat(Files.readAllBytes(temp.resolve("a")))
        .isEqualTo(Files.readAllBytes(temp.resolve("b")));
  }

  @Test
  void pack_directoryAndTarOfOneTree_giveSameSha256() throws Exception {
    Path tree = temp.resolve("tree");
    smallTree(tree, false, Instant.parse("2024-01-01T00:00:00Z"));
    Path tar = temp.resolve("tree.tar");
    tarOf(tree, tar);

    for (Compression compression :
        List.of(Compression.none(), Compression.of(Compression.Format.GZIP))) {
      PackResult fromDirectory =
          pack(RootfsSource.directory(tree), options(compression), temp.resolve("dir.img"));
      PackResult fromTar =
          pack(RootfsSource.tar(tar), options(compression), temp.resolve("tar.img"));
      assertThat(fromTar.sha256()).as(compression.toString()).isEqualTo(fromDirectory.sha256());
    }
  }

  @Test
  void pack_hardLinkedFiles_shareInodeAndCarryDataOnce() throws Exception {
    Path tree = temp.resolve("tree");
    smallTree(tree, false, Instant.parse("2024-01-01T00:00:00Z"));

    byte[] archive = packToBytes(RootfsSource.directory(tree), options(Compression.none()));
    InitramfsListing listing = list(archive, temp);

    Map<String, InitramfsListing.Entry> entries = byName(listing);
    InitramfsListing.Entry tool = entries.get("usr/bin/tool");
    InitramfsListing.Entry link = entries.get("usr/bin/tool-hardlink");
    assertThat(tool.inode()).isEqualTo(link.inode());
    assertThat(tool.nlink()).isEqualTo(2);
    assertThat(link.nlink()).isEqualTo(2);
    // GNU cpio's convention: the data travels with the last name of the group.
    assertThat(tool.size()).isZero();
    assertThat(link.size()).isEqualTo("content of usr/bin/tool\n".length());
    assertThat(listing.problems()).isEmpty();
    assertThat(listing.entries().stream().map(InitramfsListing.Entry::inode).distinct().count())
        .isEqualTo(listing.entries().size() - 1);

    Map<String, CommonsCpio.Entry> independent = CommonsCpio.read(archive);
    CommonsCpio.Entry first = independent.get("usr/bin/tool");
    CommonsCpio.Entry last = independent.get("usr/bin/tool-hardlink");
    assertThat(first.inode()).isEqualTo(last.inode());
    assertThat(List.of(first.nlink(), last.nlink())).containsOnly(2L);
    assertThat(first.data()).isEmpty();
    assertThat(last.text()).isEqualTo("content of usr/bin/tool\n");
  }

  @Test
  void pack_directory_commonsCompressReadsEveryFieldOfTheTree() throws Exception {
    Path tree = temp.resolve("tree");
    smallTree(tree, false, Instant.ofEpochSecond(EPOCH - 86_400));
    Files.setPosixFilePermissions(
        tree.resolve("etc/hostname"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));

    Map<String, CommonsCpio.Entry> read =
        CommonsCpio.read(
            packToBytes(RootfsSource.directory(tree), options(Compression.none()).withBare(true)));

    assertThat(read.keySet())
        .containsExactly(
            ".",
            "empty",
            "etc",
            "etc/hostname",
            "usr",
            "usr/bin",
            "usr/bin/alias",
            "usr/bin/tool",
            "usr/bin/tool-hardlink",
            "usr/share",
            "usr/share/doc",
            "usr/share/doc/README");
    for (CommonsCpio.Entry entry : read.values()) {
      Path host = tree.resolve(entry.name());
      Map<String, Object> attributes =
          Files.readAttributes(host, "unix:mode,uid,gid,nlink", LinkOption.NOFOLLOW_LINKS);
      assertThat(entry.mode()).as(entry.name()).isEqualTo((long) (int) attributes.get("mode"));
      assertThat(entry.uid()).as(entry.name()).isEqualTo((long) (int) attributes.get("uid"));
      assertThat(entry.gid()).as(entry.name()).isEqualTo((long) (int) attributes.get("gid"));
      if (Files.isSymbolicLink(host)) {
        assertThat(entry.text()).isEqualTo(Files.readSymbolicLink(host).toString());
        // smallTree leaves symlinks at the host's current time, which the epoch clamps.
        assertThat(entry.mtime()).as(entry.name()).isEqualTo(EPOCH);
      } else {
        assertThat(entry.mtime()).as(entry.name()).isEqualTo(EPOCH - 86_400);
      }
      if (Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)) {
        assertThat(entry.nlink()).as(entry.name()).isEqualTo((long) (int) attributes.get("nlink"));
        // Of the hard-linked pair only the last name carries the data (see CommonsCpio).
        byte[] expected =
            entry.name().equals("usr/bin/tool") ? new byte[0] : Files.readAllBytes(host);
        assertThat(entry.data()).as(entry.name()).isEqualTo(expected);
      }
    }
  }

  @Test
  void pack_entriesOfEveryType_commonsCompressReadsEveryFieldAsPacked() throws Exception {
    RootfsEntry.HardLinkGroup group = new RootfsEntry.HardLinkGroup(7, 3);
    List<RootfsEntry> packed =
        List.of(
            RootfsEntry.directory(ImagePath.of("/srv"), 02775, 1000, 100, 1000),
            RootfsEntry.regular(
                ImagePath.of("/srv/setuid"), 04755, 0, 0, EPOCH + 1, 6, () -> stream("binary")),
            RootfsEntry.regular(ImagePath.of("/srv/a"), 0640, 33, 33, 7, 4, () -> stream("data"))
                .withHardLink(group),
            RootfsEntry.regular(ImagePath.of("/srv/b"), 0640, 33, 33, 7, 4, () -> stream("data"))
                .withHardLink(group),
            RootfsEntry.regular(ImagePath.of("/srv/c"), 0640, 33, 33, 7, 4, () -> stream("data"))
                .withHardLink(group),
            RootfsEntry.symlink(ImagePath.of("/srv/link"), "../etc/grüße", 1, 2, 3),
            RootfsEntry.device(
                ImagePath.of("/srv/null"),
                FileType.CHAR_DEVICE,
                0666,
                0,
                0,
                0,
                new RootfsEntry.DeviceNumber(1, 3)),
            RootfsEntry.device(
                ImagePath.of("/srv/nvme"),
                FileType.BLOCK_DEVICE,
                0660,
                0,
                6,
                0,
                new RootfsEntry.DeviceNumber(259, 70_000)),
            special(ImagePath.of("/srv/fifo"), FileType.FIFO, 0620),
            special(ImagePath.of("/srv/socket"), FileType.SOCKET, 0755),
            RootfsEntry.directory(ImagePath.of("/tmp"), 01777, 0, 0, 0));

    byte[] archive =
        packToBytes(
            RootfsSource.of(packed, "test entries"), options(Compression.none()).withBare(true));

    CommonsCpio.assertReadsAsPacked(archive, packed, EPOCH);
    assertThat(CommonsCpio.read(archive).keySet())
        .containsExactly(
            ".",
            "srv",
            "srv/a",
            "srv/b",
            "srv/c",
            "srv/fifo",
            "srv/link",
            "srv/null",
            "srv/nvme",
            "srv/setuid",
            "srv/socket",
            "tmp");
  }

  @Test
  void pack_entriesWithoutParents_getSynthesisedDirectoriesBeforeThem() throws Exception {
    List<RootfsEntry> entries =
        List.of(
            RootfsEntry.regular(ImagePath.of("/a/b/c/file"), 0644, 0, 0, 5, 2, () -> stream("hi")),
            RootfsEntry.symlink(ImagePath.of("/x/y"), "/a", 0, 0, 5));
    RootfsSource source = RootfsSource.of(entries, "test entries");

    byte[] archive = packToBytes(source, options(Compression.none()).withBare(true));
    InitramfsListing listing = list(archive, temp);

    assertThat(listing.entries())
        .extracting(InitramfsListing.Entry::name)
        .containsExactly(".", "a", "a/b", "a/b/c", "a/b/c/file", "x", "x/y");
    assertThat(CommonsCpio.read(archive).keySet())
        .containsExactly(".", "a", "a/b", "a/b/c", "a/b/c/file", "x", "x/y");
    assertThat(CommonsCpio.read(archive).get("a/b"))
        .extracting(CommonsCpio.Entry::mode, CommonsCpio.Entry::mtime)
        .containsExactly(040755L, EPOCH);
    CommonsCpio.assertReadsAsPacked(archive, entries, EPOCH);
    assertThat(byName(listing).get("a/b").mode().type()).isEqualTo(FileType.DIRECTORY);
    assertThat(byName(listing).get("a/b").mode().permissions()).isEqualTo(0755);
    assertThat(byName(listing).get("a/b").mtime()).isEqualTo(EPOCH);
    assertThat(listing.problems()).isEmpty();
  }

  @Test
  void pack_mtimesAfterTheEpoch_areClampedAndEarlierOnesKept() throws Exception {
    List<RootfsEntry> packed =
        List.of(
            RootfsEntry.directory(ImagePath.of("/new"), 0755, 0, 0, EPOCH + 1000),
            RootfsEntry.directory(ImagePath.of("/old"), 0755, 0, 0, 1000));
    byte[] archive =
        packToBytes(RootfsSource.of(packed, "test entries"), options(Compression.none()));

    Map<String, InitramfsListing.Entry> entries = byName(list(archive, temp));

    assertThat(entries.get("new").mtime()).isEqualTo(EPOCH);
    assertThat(entries.get("old").mtime()).isEqualTo(1000);
    CommonsCpio.assertReadsAsPacked(archive, packed, EPOCH);
  }

  @Test
  void pack_mtimePast2106_failsAndLeavesNothingAtTheOutput() throws Exception {
    Path tree = temp.resolve("tree");
    Files.createDirectories(tree);
    Path future = Files.writeString(tree.resolve("future"), "x");
    Files.setLastModifiedTime(future, FileTime.from(Instant.parse("2200-01-01T00:00:00Z")));
    Path output = temp.resolve("out.img");

    assertThatThrownBy(
            () ->
                pack(
                    RootfsSource.directory(tree),
                    PackOptions.defaults().withCompression(Compression.none()),
                    output))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("/future")
        .hasMessageContaining("2200-01-01")
        .hasMessageContaining("SOURCE_DATE_EPOCH");
    assertThat(output).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void pack_fileOf4GiB_failsAndLeavesNothingAtTheOutput() throws Exception {
    Path tree = temp.resolve("tree");
    Files.createDirectories(tree);
    try (RandomAccessFile sparse = new RandomAccessFile(tree.resolve("huge.img").toFile(), "rw")) {
      sparse.setLength(4L << 30);
    }
    Path output = temp.resolve("out.img");

    assertThatThrownBy(
            () -> pack(RootfsSource.directory(tree), options(Compression.none()), output))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("/huge.img")
        .hasMessageContaining("4 GiB");
    assertThat(output).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void pack_fileJustUnder4GiB_isAccepted() throws Exception {
    Path tree = temp.resolve("tree");
    Files.createDirectories(tree);
    RootfsSource source =
        RootfsSource.of(
            List.of(
                RootfsEntry.regular(
                    ImagePath.of("/big"),
                    0644,
                    0,
                    0,
                    0,
                    (4L << 30) - 1,
                    () -> new ZeroStream((4L << 30) - 1))),
            "test entries");

    PackResult result =
        InitramfsWriter.create(options(Compression.none()), org.baseimg.event.EventListener.NONE)
            .write(source, java.io.OutputStream.nullOutputStream());

    assertThat(result.uncompressedBytes()).isGreaterThan((4L << 30) - 1);
  }

  @Test
  void pack_missingSource_isBadInput() {
    assertThatThrownBy(
            () ->
                pack(
                    RootfsSource.directory(temp.resolve("absent")),
                    options(Compression.none()),
                    temp.resolve("out")))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(
            () ->
                pack(
                    RootfsSource.tar(temp.resolve("absent.tar")),
                    options(Compression.none()),
                    temp.resolve("out")))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void pack_outputInMissingDirectory_isBadInput() {
    Path tree = temp.resolve("tree");
    assertThatThrownBy(
            () ->
                pack(
                    RootfsSource.directory(tree),
                    options(Compression.none()),
                    temp.resolve("no/such/dir/out.img")))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("directory does not exist");
  }

  @Test
  void pack_addsInitConsoleAndMountPointsTheTreeLacks() throws Exception {
    Path tree = temp.resolve("tree");
    Files.createDirectories(tree.resolve("run"));
    Files.setPosixFilePermissions(
        tree.resolve("run"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

    byte[] archive = packToBytes(RootfsSource.directory(tree), options(Compression.none()));
    InitramfsListing listing = list(archive, temp);

    Map<String, InitramfsListing.Entry> entries = byName(listing);
    assertThat(entries.keySet())
        .containsExactlyInAnyOrder(".", "dev", "dev/console", "init", "proc", "run", "sys", "tmp");
    InitramfsListing.Entry console = entries.get("dev/console");
    assertThat(console.mode().type()).isEqualTo(FileType.CHAR_DEVICE);
    assertThat(console.rdevMajor()).isEqualTo(5);
    assertThat(console.rdevMinor()).isEqualTo(1);
    assertThat(entries.get("tmp").mode().permissions()).isEqualTo(01777);
    assertThat(entries.get("init").mode().permissions()).isEqualTo(0755);
    // The tree's own entry wins over the default.
    assertThat(entries.get("run").mode().permissions()).isEqualTo(0700);

    Map<String, CommonsCpio.Entry> independent = CommonsCpio.read(archive);
    assertThat(independent.get("dev/console"))
        .extracting(
            CommonsCpio.Entry::mode, CommonsCpio.Entry::rdevMajor, CommonsCpio.Entry::rdevMinor)
        .containsExactly((long) FileType.CHAR_DEVICE.typeBits() | 0600, 5L, 1L);
    assertThat(independent.get("tmp").mode()).isEqualTo(041777L);
    assertThat(independent.get("run").mode()).isEqualTo(040700L);
    assertThat(independent.get("init").mode()).isEqualTo(0100755L);
    assertThat(independent.get("init").text()).startsWith("#!/bin/sh\n");
  }

  @Test
  void pack_bare_addsNothing() throws Exception {
    Path tree = temp.resolve("tree");
    Files.createDirectories(tree.resolve("kernel/x86/microcode"));
    Files.writeString(tree.resolve("kernel/x86/microcode/GenuineIntel.bin"), "ucode");

    InitramfsListing listing =
        list(
            packToBytes(RootfsSource.directory(tree), options(Compression.none()).withBare(true)),
            temp);

    assertThat(listing.entries())
        .extracting(InitramfsListing.Entry::name)
        .containsExactly(
            ".",
            "kernel",
            "kernel/x86",
            "kernel/x86/microcode",
            "kernel/x86/microcode/GenuineIntel.bin");
  }

  @Test
  void pack_initFile_replacesTheTreesInitEvenWhenItIsHardLinked() throws Exception {
    Path tree = temp.resolve("tree");
    Files.createDirectories(tree.resolve("bin"));
    Files.writeString(tree.resolve("bin/busybox"), "busybox binary");
    Files.createLink(tree.resolve("init"), tree.resolve("bin/busybox"));
    Path myInit = Files.writeString(temp.resolve("my-init"), "#!/bin/sh\necho mine\n");

    byte[] archive =
        packToBytes(
            RootfsSource.directory(tree),
            options(Compression.none()).withInit(InitProgram.file(myInit)));
    InitramfsListing listing = list(archive, temp);

    Map<String, InitramfsListing.Entry> entries = byName(listing);
    assertThat(entries.get("init").size()).isEqualTo("#!/bin/sh\necho mine\n".length());
    // busybox lost its second name, so it is a plain file again, with its data.
    assertThat(entries.get("bin/busybox").nlink()).isEqualTo(1);
    assertThat(entries.get("bin/busybox").size()).isEqualTo("busybox binary".length());
    assertThat(listing.problems()).isEmpty();
    Map<String, CommonsCpio.Entry> independent = CommonsCpio.read(archive);
    assertThat(independent.get("init").text()).isEqualTo("#!/bin/sh\necho mine\n");
    assertThat(independent.get("bin/busybox").text()).isEqualTo("busybox binary");
    assertThat(independent.get("bin/busybox").nlink()).isEqualTo(1);
    assertThat(independent.get("bin/busybox").inode())
        .isNotEqualTo(independent.get("init").inode());
  }

  @Test
  void pack_builtinInit_printsTheBootMarker() throws Exception {
    byte[] archive =
        packToBytes(
            RootfsSource.of(List.of(), "nothing"),
            options(Compression.none()).withInit(InitProgram.builtin()));
    String text = new String(archive, StandardCharsets.UTF_8);
    assertThat(text).contains("echo \"" + InitProgram.BOOT_MARKER + " arch=$(uname -m)\"");
  }

  @Test
  void pack_nonAsciiNames_areStoredAsUtf8() throws Exception {
    Path tree = temp.resolve("tree");
    Files.createDirectories(tree);
    Files.writeString(tree.resolve("grüße-日本.txt"), "x");

    byte[] archive = packToBytes(RootfsSource.directory(tree), options(Compression.none()));

    byte[] utf8 = "grüße-日本.txt\0".getBytes(StandardCharsets.UTF_8);
    assertThat(indexOf(archive, utf8)).isNotNegative();
    assertThat(byName(list(archive, temp))).containsKey("grüße-日本.txt");
    assertThat(CommonsCpio.read(archive).get("grüße-日本.txt").text()).isEqualTo("x");
  }

  @Test
  void pack_sourceGivingAPathBelowAFile_isBadInput() {
    RootfsSource source =
        RootfsSource.of(
            List.of(
                RootfsEntry.regular(ImagePath.of("/a"), 0644, 0, 0, 0, 0, () -> stream("")),
                RootfsEntry.regular(ImagePath.of("/a/b"), 0644, 0, 0, 0, 0, () -> stream(""))),
            "test entries");
    assertThatThrownBy(() -> packToBytes(source, options(Compression.none())))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("/a/b: lies below /a, which is a regular file");
  }

  @Test
  void pack_nameLongerThanTheKernelReads_isBadInput() {
    String longName = "/" + "n".repeat(4100);
    RootfsSource source =
        RootfsSource.of(
            List.of(
                RootfsEntry.regular(ImagePath.of(longName), 0644, 0, 0, 0, 0, () -> stream(""))),
            "test entries");
    assertThatThrownBy(() -> packToBytes(source, options(Compression.none())))
        .isInstanceOf(RootfsException.class)
        .hasMessageContaining("the kernel skips entries");
  }

  private List<Path> leftovers() throws IOException {
    try (var files = Files.list(temp)) {
      return files.filter(path -> path.getFileName().toString().endsWith(".partial")).toList();
    }
  }

  /** A fifo or socket: no size, content, target or device number. */
  private static RootfsEntry special(ImagePath path, FileType type, int permissions) {
    return new RootfsEntry(
        path, FileMode.of(type, permissions), 5, 5, 9, 0, null, null, null, null);
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** {@code length} zero bytes without holding them. */
  private static final class ZeroStream extends java.io.InputStream {
    private long remaining;

    ZeroStream(long length) {
      this.remaining = length;
    }

    @Override
    public int read() {
      if (remaining == 0) {
        return -1;
      }
      remaining--;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      java.util.Arrays.fill(b, off, off + n, (byte) 0);
      remaining -= n;
      return n;
    }
  }
}
