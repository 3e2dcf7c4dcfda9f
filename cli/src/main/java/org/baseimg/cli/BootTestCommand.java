package org.baseimg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.builder.Manifest;
import org.baseimg.debian.DebianArchive;
import org.baseimg.debian.DebianKernel;
import org.baseimg.debian.DebianMirror;
import org.baseimg.kernel.Kernel;
import org.baseimg.oci.BootSets;
import org.baseimg.oci.ImageReference;
import org.baseimg.oci.PullOptions;
import org.baseimg.oci.PullResult;
import org.baseimg.qemu.BootProbes;
import org.baseimg.qemu.BootResult;
import org.baseimg.qemu.QemuBoot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baseimg boot-test}: boots a boot set in QEMU and checks each of its promises. */
@Command(
    name = "boot-test",
    mixinStandardHelpOptions = true,
    description = {
      "Boots an initramfs in qemu-system-<arch> with a virtio NIC on QEMU's user-mode network and"
          + " checks what the boot shows, each as a named probe: the console on the PL011 UART"
          + " (ttyAMA0), the kernel release the manifest names, a 48-bit user address space, the"
          + " PMU registered for perf, the NIC's module loaded by modprobe, an address from QEMU's"
          + " DHCP server, the agent started. A probe that does not apply to the image is skipped"
          + " and says why. baseimg's built-in /init prints the marker line and powers off.",
      "",
      "The kernel is the boot set's (named by the manifest next to the artifact, checked against"
          + " its sha256), else --kernel, else the suite's stock linux-image package fetched from"
          + " the host's Debian mirror (checked with gpgv) and cached. The image is not changed:"
          + " the probe script rides along as a second archive.",
      ""
    },
    footer = {
      "%nExit status: 0 when the marker appeared and no probe failed; 1 otherwise.",
      ExitCode.HELP_SECTION
    })
final class BootTestCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "ARTIFACT|REF",
      description =
          "The initramfs to boot, or a boot set in a registry (REGISTRY/REPOSITORY[:TAG|@DIGEST],"
              + " the registry named; docker.io/... for Docker Hub) to pull and boot.")
  String target;

  @Mixin RegistryCliOptions registry;

  /** The artifact booted: the file named, or the one pulled into a temporary directory. */
  private Path artifact;

  @Option(
      names = "--kernel",
      paramLabel = "IMAGE",
      description = "Boot this kernel instead of the boot set's or Debian's.")
  Path kernel;

  @Option(
      names = "--arch",
      paramLabel = "ARCH",
      description = "amd64 or arm64 (default: the manifest's, else arm64).")
  String arch;

  @Option(
      names = "--suite",
      paramLabel = "SUITE",
      description = "Whose stock kernel to take (default: the manifest's, else bookworm).")
  String suite;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Give up after this long (default 180).",
      defaultValue = "180")
  long timeout;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description = "Where stock kernels are kept (default /var/cache/baseimg/kernels).",
      defaultValue = "/var/cache/baseimg/kernels")
  Path cache;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Mixin ConsoleOptions console = new ConsoleOptions();

  @Override
  public Integer call() throws Exception {
    Path local = Path.of(target);
    if (Files.isRegularFile(local)) {
      artifact = local;
      return boot();
    }
    Optional<ImageReference> reference = reference(target);
    if (reference.isEmpty()) {
      throw new BadInputException("artifact " + target + " does not exist");
    }
    Path pulledInto = Files.createTempDirectory("baseimg-boot-test-");
    try {
      PullResult pulled =
          BootSets.pull(
              reference.get(),
              pulledInto,
              new PullOptions(
                  registry.options(),
                  Optional.ofNullable(arch).map(a -> "linux/" + a),
                  Optional.empty()));
      artifact = pulledArtifact(pulled, pulledInto);
      return boot();
    } finally {
      // A pull writes plain files only (titles are plain names): no tree to walk.
      try (java.util.stream.Stream<Path> files = Files.list(pulledInto)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(pulledInto);
    }
  }

  /** A reference that names its registry; anything else is taken for a missing file. */
  private static Optional<ImageReference> reference(String text) {
    try {
      ImageReference reference = ImageReference.parse(text);
      return text.startsWith(reference.registry() + "/")
          ? Optional.of(reference)
          : Optional.empty();
    } catch (BadInputException e) {
      return Optional.empty();
    }
  }

  /** The artifact of a pulled boot set: the file its build manifest describes. */
  private static Path pulledArtifact(PullResult pulled, Path directory) throws BadInputException {
    for (Path file : pulled.files()) {
      String name = file.getFileName().toString();
      if (name.endsWith(".manifest.json")) {
        return directory.resolve(name.substring(0, name.length() - ".manifest.json".length()));
      }
    }
    throw new BadInputException(pulled.reference() + " holds no build manifest (*.manifest.json)");
  }

  private Integer boot() throws Exception {
    if (timeout < 1) {
      throw new BadInputException("--timeout must be at least 1 second, not " + timeout);
    }
    Optional<Manifest> manifest = manifest();
    String targetArch = arch != null ? arch : manifest.map(m -> m.image().arch()).orElse("arm64");
    EventRenderer renderer = console.renderer(spec.commandLine().getErr());
    BootKernel chosen = kernel(manifest, targetArch, renderer);
    QemuBoot qemu =
        QemuBoot.create(targetArch, renderer)
            .withTimeout(Duration.ofSeconds(timeout))
            .withNetwork();
    BootProbes.Expectations expected = expectations(manifest, chosen, qemu);
    Path probed = Files.createTempFile("baseimg-boot-test-", ".img");
    BootResult result;
    try {
      BootProbes.withProbes(artifact, probed);
      result =
          qemu.withKernelArguments(BootProbes.kernelArguments(expected))
              .boot(chosen.image(), probed);
    } finally {
      Files.deleteIfExists(probed);
    }
    renderer.clearStatus();
    List<BootProbes.Probe> probes = BootProbes.evaluate(result, expected);
    boolean passed =
        result.markerSeen()
            && probes.stream().noneMatch(p -> p.status() == BootProbes.Status.FAILED);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(BootTestReport.json(artifact, chosen.description(), result, probes, passed));
    } else {
      out.print(BootTestReport.table(artifact, chosen.description(), result, probes));
    }
    out.flush();
    if (!result.markerSeen()) {
      spec.commandLine().getErr().println(String.join("\n", result.consoleTail()));
      throw new BaseimgException("boot test failed: " + result.summary());
    }
    return passed ? ExitCode.OK : ExitCode.FAILURE;
  }

  /** The kernel booted and what to call it. */
  private record BootKernel(Path image, String description, Optional<String> release) {}

  private BootKernel kernel(Optional<Manifest> manifest, String targetArch, EventRenderer events)
      throws BaseimgException, InterruptedException, IOException {
    if (kernel != null) {
      if (!Files.isRegularFile(kernel)) {
        throw new BadInputException("kernel " + kernel + " does not exist");
      }
      return new BootKernel(kernel, kernel.toString(), Optional.empty());
    }
    Optional<Manifest.KernelInfo> bootSet = manifest.flatMap(Manifest::kernel);
    if (bootSet.isPresent()) {
      Path image = manifest.get().bootKernel(artifact).orElseThrow();
      return new BootKernel(
          image,
          image.getFileName() + " (" + bootSet.get().origin() + ")",
          Optional.of(bootSet.get().release()));
    }
    String targetSuite =
        suite != null ? suite : manifest.map(m -> m.image().suite()).orElse("bookworm");
    DebianArchive archive = DebianArchive.create(DebianMirror.fromHost(), cache, events);
    Kernel fetched = DebianKernel.online(archive).fetch(targetSuite, targetArch);
    return new BootKernel(
        fetched.image(), fetched.packageName() + " " + fetched.version(), Optional.empty());
  }

  private static BootProbes.Expectations expectations(
      Optional<Manifest> manifest, BootKernel kernel, QemuBoot qemu) {
    Map<String, String> packages = manifest.map(Manifest::packageVersions).orElse(Map.of());
    boolean virtioNet =
        manifest
            .flatMap(Manifest::kernel)
            .map(k -> k.modules().stream().anyMatch(m -> m.name().equals("virtio_net")))
            .orElse(false);
    return new BootProbes.Expectations(
        qemu.debianArch(),
        qemu.consoleDevice(),
        kernel.release(),
        virtioNet ? Optional.of("virtio_net") : Optional.empty(),
        packages.containsKey("salt-minion") ? Optional.of("salt-minion") : Optional.empty(),
        packages.containsKey("dhcpcd-base"));
  }

  private Optional<Manifest> manifest() throws BadInputException, IOException {
    Path manifest = Manifest.besides(artifact);
    return Files.isRegularFile(manifest) ? Optional.of(Manifest.read(manifest)) : Optional.empty();
  }
}
