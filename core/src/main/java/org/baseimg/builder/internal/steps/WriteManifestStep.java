package org.baseimg.builder.internal.steps;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.baseimg.builder.Manifest;
import org.baseimg.builder.Prerequisites;
import org.baseimg.builder.internal.BuildContext;
import org.baseimg.builder.internal.BuildEnvironment;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.BuildStep;
import org.baseimg.debian.DpkgStatus;
import org.baseimg.fs.ImagePath;
import org.baseimg.image.ImageSpec;
import org.baseimg.initramfs.PackResult;
import org.baseimg.internal.AtomicFile;
import org.baseimg.internal.Hashing;

/**
 * Writes the manifest beside the artifact, then puts both in place: the artifact appears only with
 * its manifest.
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
    return "write manifest";
  }

  @Override
  public void run(BuildState state) throws IOException {
    byte[] status = state.target().read(ImagePath.of("/var/lib/dpkg/status")).orElse(new byte[0]);
    Manifest manifest = manifest(state, status);
    Path file = Manifest.besides(context.artifact());
    AtomicFile output = AtomicFile.create(file);
    context.cleanup().add("discard " + file, output::close);
    try (OutputStream out = output.stream()) {
      out.write(manifest.toJson().getBytes(StandardCharsets.UTF_8));
    }
    state.artifact().commit();
    output.commit();
  }

  private Manifest manifest(BuildState state, byte[] dpkgStatus) {
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
        state.kernel(),
        packages);
  }
}
