package org.baseimg.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.builder.Manifest;
import org.baseimg.debian.DebianArchive;
import org.baseimg.debian.DebianKernel;
import org.baseimg.debian.DebianMirror;
import org.baseimg.qemu.BootResult;
import org.baseimg.qemu.QemuBoot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baseimg boot-test}: boots an artifact in QEMU and waits for /init's marker. */
@Command(
    name = "boot-test",
    mixinStandardHelpOptions = true,
    description = {
      "Boots an initramfs in qemu-system-<arch> with a stock kernel and passes when the line"
          + " 'baseimg-init: userspace is up' appears on the console (baseimg's built-in /init"
          + " prints it, with the machine's uname -m, and powers off).",
      "",
      "Architecture and suite come from the manifest next to the artifact when there is one."
          + " Without --kernel, the suite's linux-image package is fetched from the host's"
          + " Debian mirror (checked with gpgv) and cached.",
      ""
    },
    footer = ExitCode.HELP_SECTION)
final class BootTestCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ARTIFACT", description = "The initramfs to boot.")
  Path artifact;

  @Option(names = "--kernel", paramLabel = "VMLINUZ", description = "Boot this kernel instead.")
  Path kernel;

  @Option(
      names = "--arch",
      paramLabel = "ARCH",
      description = "amd64 or arm64 (default: the" + " manifest's, else arm64).")
  String arch;

  @Option(
      names = "--suite",
      paramLabel = "SUITE",
      description = "Whose kernel to take (default:" + " the manifest's, else bookworm).")
  String suite;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Give up after this long" + " (default 180).",
      defaultValue = "180")
  long timeout;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description = "Where kernels are kept" + " (default /var/cache/baseimg/kernels).",
      defaultValue = "/var/cache/baseimg/kernels")
  Path cache;

  @Mixin ConsoleOptions console = new ConsoleOptions();

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(artifact)) {
      throw new BadInputException("artifact " + artifact + " does not exist");
    }
    Optional<Manifest> manifest = manifest();
    String targetArch = arch != null ? arch : manifest.map(m -> m.image().arch()).orElse("arm64");
    String targetSuite =
        suite != null ? suite : manifest.map(m -> m.image().suite()).orElse("bookworm");
    ConsoleRenderer renderer = console.renderer(spec.commandLine().getErr());
    Path image = kernel;
    String kernelName = image == null ? null : image.toString();
    if (image == null) {
      DebianArchive archive = DebianArchive.create(DebianMirror.fromHost(), cache, renderer);
      var fetched = DebianKernel.online(archive).fetch(targetSuite, targetArch);
      image = fetched.image();
      kernelName = fetched.packageName() + " " + fetched.version();
    } else if (!Files.isRegularFile(image)) {
      throw new BadInputException("kernel " + image + " does not exist");
    }
    BootResult result =
        QemuBoot.create(targetArch, renderer)
            .withTimeout(Duration.ofSeconds(timeout))
            .boot(image, artifact);
    renderer.clearStatus();
    if (!result.markerSeen()) {
      spec.commandLine().getErr().println(String.join("\n", result.consoleTail()));
      throw new BaseimgException("boot test failed: " + result.summary());
    }
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s: booted with %s, marker after %.1f s, %s%n",
            artifact,
            kernelName,
            result.timeToMarker().orElseThrow().toMillis() / 1000.0,
            result.markerLine().orElse(""));
    return ExitCode.OK;
  }

  private Optional<Manifest> manifest() throws BadInputException, IOException {
    Path manifest = Manifest.besides(artifact);
    return Files.isRegularFile(manifest) ? Optional.of(Manifest.read(manifest)) : Optional.empty();
  }
}
