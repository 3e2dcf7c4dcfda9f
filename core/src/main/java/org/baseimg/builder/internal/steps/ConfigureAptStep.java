package org.baseimg.builder.internal.steps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.baseimg.BadInputException;
import org.baseimg.builder.internal.BuildContext;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.BuildStep;
import org.baseimg.builder.internal.Target;
import org.baseimg.fs.ImagePath;
import org.baseimg.image.ImageSpec;

/**
 * apt's sources for the suite and the profile's repositories, in deb822 form, each with its key;
 * and a {@code policy-rc.d} that keeps services from starting while packages are installed (the
 * cleaner removes it).
 */
public final class ConfigureAptStep implements BuildStep {
  /** Says no to every service start while the image is built. */
  static final ImagePath POLICY_RC_D = ImagePath.of("/usr/sbin/policy-rc.d");

  private static final ImagePath SOURCES = ImagePath.of("/etc/apt/sources.list.d/debian.sources");
  private static final ImagePath OLD_SOURCES = ImagePath.of("/etc/apt/sources.list");

  private final BuildContext context;

  public ConfigureAptStep(BuildContext context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "configure apt";
  }

  @Override
  public void run(BuildState state) throws IOException, BadInputException {
    Target target = state.target();
    target.write(
        POLICY_RC_D,
        "#!/bin/sh\n# baseimg: no service starts while the image is built.\nexit 101\n"
            .getBytes(StandardCharsets.US_ASCII),
        0755);
    ImageSpec spec = context.spec();
    boolean ownKeyring = spec.keyring().isPresent() && spec.checkSignatures();
    ImagePath keyring = ImagePath.of("/etc/apt/keyrings/" + spec.suite() + "-archive.gpg");
    StringBuilder sources = new StringBuilder("# Written by baseimg.\n");
    sources
        .append("Types: deb\nURIs: ")
        .append(context.mirror())
        .append("\nSuites: ")
        .append(spec.suite())
        .append("\nComponents: ")
        .append(String.join(" ", spec.components()))
        .append("\nSigned-By: ")
        .append(ownKeyring ? keyring : "/usr/share/keyrings/debian-archive-keyring.gpg")
        .append('\n');
    if (!spec.checkValidUntil()) {
      sources.append("Check-Valid-Until: no\n");
    }
    if (!spec.checkSignatures()) {
      sources.append("Trusted: yes\n");
    }
    if (ownKeyring) {
      target.copyIn(spec.keyring().get(), keyring, 0644);
    }
    target.write(SOURCES, sources.toString().getBytes(StandardCharsets.UTF_8), 0644);
    target.delete(OLD_SOURCES);
    for (ImageSpec.AptRepository repository : spec.repositories()) {
      writeRepository(target, repository);
    }
  }

  private static void writeRepository(Target target, ImageSpec.AptRepository repository)
      throws IOException, BadInputException {
    StringBuilder stanza = new StringBuilder("# Written by baseimg.\n");
    stanza
        .append("Types: deb\nURIs: ")
        .append(repository.uri())
        .append("\nSuites: ")
        .append(repository.suite())
        .append("\nComponents: ")
        .append(String.join(" ", repository.components()))
        .append('\n');
    if (repository.signedBy().isPresent()) {
      byte[] key = readKey(repository);
      boolean armored =
          new String(key, 0, Math.min(key.length, 64), StandardCharsets.US_ASCII)
              .contains("-----BEGIN PGP");
      ImagePath keyPath =
          ImagePath.of("/etc/apt/keyrings/" + repository.name() + (armored ? ".asc" : ".gpg"));
      target.write(keyPath, key, 0644);
      stanza.append("Signed-By: ").append(keyPath).append('\n');
    } else {
      stanza.append("Trusted: yes\n");
    }
    target.write(
        ImagePath.of("/etc/apt/sources.list.d/" + repository.name() + ".sources"),
        stanza.toString().getBytes(StandardCharsets.UTF_8),
        0644);
  }

  private static byte[] readKey(ImageSpec.AptRepository repository) throws BadInputException {
    try {
      return Files.readAllBytes(repository.signedBy().get());
    } catch (IOException e) {
      throw new BadInputException(
          "repository "
              + repository.uri()
              + ": signed-by key "
              + repository.signedBy().get()
              + " cannot be read ("
              + e.getMessage()
              + ")");
    }
  }
}
