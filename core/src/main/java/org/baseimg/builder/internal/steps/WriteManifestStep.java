package org.baseimg.builder.internal.steps;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.baseimg.BaseimgException;
import org.baseimg.builder.Manifest;
import org.baseimg.builder.Prerequisites;
import org.baseimg.builder.internal.BuildContext;
import org.baseimg.builder.internal.BuildEnvironment;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.BuildStep;
import org.baseimg.debian.DpkgStatus;
import org.baseimg.fs.ImagePath;
import org.baseimg.image.ImageSpec;
import org.baseimg.initramfs.InitramfsFormatException;
import org.baseimg.initramfs.PackResult;
import org.baseimg.inspect.internal.HazardFinder;
import org.baseimg.inspect.internal.ImageScan;
import org.baseimg.internal.AtomicFile;
import org.baseimg.internal.Hashing;
import org.baseimg.kernel.StagedKernel;
import org.baseimg.sbom.SbomInput;
import org.baseimg.sbom.Sboms;

/**
 * Writes the manifest and the SBOMs (SPDX and CycloneDX) beside the artifact, then puts them all in
 * place: the artifact appears only with its manifest and SBOMs.
 */
public final class WriteManifestStep implements BuildStep {
  private final BuildContext context;
  private final BuildEnvironment environment;

  public WriteManifestStep(BuildContext context, BuildEnvironment environment) {
    this.context = context;
    this.environment = environment;
  }

  @Override
  public String name() {
    return "write manifest and SBOMs";
  }

  @Override
  public void run(BuildState state) throws BaseimgException, IOException {
    byte[] status = state.target().read(ImagePath.of("/var/lib/dpkg/status")).orElse(new byte[0]);
    List<AtomicFile> kernelFiles = new ArrayList<>();
    Optional<Manifest.KernelInfo> kernel = Optional.empty();
    if (state.stagedKernel().isPresent()) {
      kernel = Optional.of(writeKernel(state.stagedKernel().get(), state, kernelFiles));
    }
    ImageScan scan = scanArtifact(state);
    state.hazards(HazardFinder.find(scan).findings());
    Manifest manifest = manifest(state, status, kernel);
    SbomInput sbom = SbomInputs.of(scan, manifest, context.spec());
    Path artifact = context.artifact();
    List<AtomicFile> besides = new ArrayList<>(kernelFiles);
    besides.add(write(Sboms.spdxBesides(artifact), Sboms.spdx(sbom)));
    besides.add(write(Sboms.cycloneDxBesides(artifact), Sboms.cycloneDx(sbom)));
    AtomicFile manifestFile = write(Manifest.besides(artifact), manifest.toJson());
    state.artifact().commit();
    for (AtomicFile file : besides) {
      file.commit();
    }
    manifestFile.commit();
  }

  /** One read of the packed bytes for what the SBOMs and the hazards need. */
  private ImageScan scanArtifact(BuildState state) throws BaseimgException, IOException {
    try {
      return ImageScan.read(
          state.artifact().pending(),
          false,
          SbomInputs.wants(context.spec()).or(HazardFinder::wants),
          true);
    } catch (InitramfsFormatException e) {
      throw new BaseimgException("the packed artifact cannot be read back: " + e.getMessage(), e);
    }
  }

  /** Writes {@code text} to a file put in place later, discarded if the build fails first. */
  private AtomicFile write(Path file, String text) throws IOException {
    AtomicFile output = AtomicFile.create(file);
    context.cleanup().add("discard " + file, output::close);
    try (OutputStream out = output.stream()) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return output;
  }

  /**
   * Writes the boot set's kernel and config beside the artifact ({@code STEM.Image}, {@code
   * STEM.config}), to be put in place with the manifest; their description for it.
   */
  private Manifest.KernelInfo writeKernel(
      StagedKernel kernel, BuildState state, List<AtomicFile> written) throws IOException {
    String stem = context.spec().output().stem();
    Path directory = context.artifact().toAbsolutePath().getParent();
    String imageName = stem + "." + StagedKernel.IMAGE;
    String configName = stem + "." + StagedKernel.CONFIG;
    written.add(copy(kernel.image(), directory.resolve(imageName)));
    written.add(copy(kernel.config(), directory.resolve(configName)));
    return new Manifest.KernelInfo(
        imageName,
        Hashing.sha256(kernel.image()),
        kernel.release(),
        kernel.source(),
        kernel.origin(),
        configName,
        Hashing.sha256(kernel.config()),
        kernel.toolchain(),
        state.modules().stream()
            .map(m -> new Manifest.Module(m.name(), m.path(), m.reason()))
            .toList());
  }

  private AtomicFile copy(Path from, Path to) throws IOException {
    AtomicFile file = AtomicFile.create(to);
    context.cleanup().add("discard " + to, file::close);
    try (OutputStream out = file.stream()) {
      Files.copy(from, out);
    }
    return file;
  }

  private Manifest manifest(
      BuildState state, byte[] dpkgStatus, Optional<Manifest.KernelInfo> kernel) {
    ImageSpec spec = context.spec();
    String profileText = context.options().profileText();
    PackResult packed = state.packed();
    SortedMap<String, String> tools = new TreeMap<>(environment.tools());
    tools.put("hostKernel", System.getProperty("os.version"));
    tools.put("java", System.getProperty("java.version"));
    List<Manifest.Package> packages =
        DpkgStatus.parse(dpkgStatus).stream()
            .map(p -> new Manifest.Package(p.name(), p.version(), p.architecture()))
            .toList();
    return new Manifest(
        Manifest.VERSION,
        new Manifest.Profile(
            spec.name(),
            context.options().profileChain(),
            Hashing.sha256(profileText.getBytes(StandardCharsets.UTF_8)),
            profileText),
        new Manifest.Image(
            spec.arch().debianName(),
            spec.suite(),
            spec.variant().name().toLowerCase(Locale.ROOT),
            context.mirror().toString()),
        new Manifest.Artifact(
            context.artifact().getFileName().toString(),
            packed.sha256(),
            packed.compressedBytes(),
            packed.uncompressedBytes(),
            packed.entries(),
            spec.output().compression().toString()),
        context.epoch(),
        environment.description(),
        tools,
        environment.emulated()
            ? Optional.of(
                new Manifest.Binfmt(
                    spec.arch().binfmtName(), Prerequisites.binfmtFlags(spec.arch())))
            : Optional.empty(),
        kernel,
        packages,
        state.hazards());
  }
}
