package org.baseimg.builder.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.image.ImageSpec;

/**
 * What a profile adds to a bootstrapped tree, done through a {@link Target} so that every build
 * environment shares it: apt sources with their keys, packages, the agent, overlay files. Services
 * never start during the build: a {@code policy-rc.d} says no until the cleaner removes it.
 */
public final class Customizer {
  static final ImagePath POLICY_RC_D = ImagePath.of("/usr/sbin/policy-rc.d");
  private static final ImagePath SOURCES = ImagePath.of("/etc/apt/sources.list.d/debian.sources");
  private static final ImagePath OLD_SOURCES = ImagePath.of("/etc/apt/sources.list");
  private static final Pattern MISSING_PACKAGE =
      Pattern.compile("E: Unable to locate package (\\S+)");

  private final ImageSpec spec;
  private final Target target;
  private final EventListener events;

  Customizer(ImageSpec spec, Target target, EventListener events) {
    this.spec = spec;
    this.target = target;
    this.events = events;
  }

  /** Whether the profile asks for anything apt must fetch. */
  boolean needsApt() {
    return !spec.packages().isEmpty()
        || spec.agent().isPresent()
        || !spec.repositories().isEmpty()
        || spec.init() instanceof ImageSpec.InitSpec.Systemd;
  }

  /** Keeps services from starting while packages are installed. */
  void forbidServiceStarts() throws IOException {
    target.write(
        POLICY_RC_D,
        "#!/bin/sh\n# baseimg: no service starts while the image is built.\nexit 101\n"
            .getBytes(StandardCharsets.US_ASCII),
        0755);
  }

  /** Writes the suite's and the extra repositories' sources, in deb822 form, with their keys. */
  void configureApt(URI mirror) throws IOException, BadInputException {
    StringBuilder sources = new StringBuilder("# Written by baseimg.\n");
    sources
        .append("Types: deb\nURIs: ")
        .append(mirror)
        .append("\nSuites: ")
        .append(spec.suite())
        .append("\nComponents: ")
        .append(String.join(" ", spec.components()))
        .append("\nSigned-By: ")
        .append(
            spec.keyring().isPresent() && spec.checkSignatures()
                ? "/etc/apt/keyrings/" + spec.suite() + "-archive.gpg"
                : "/usr/share/keyrings/debian-archive-keyring.gpg")
        .append('\n');
    if (!spec.checkValidUntil()) {
      sources.append("Check-Valid-Until: no\n");
    }
    if (!spec.checkSignatures()) {
      sources.append("Trusted: yes\n");
    }
    if (spec.keyring().isPresent() && spec.checkSignatures()) {
      target.copyIn(
          spec.keyring().get(),
          ImagePath.of("/etc/apt/keyrings/" + spec.suite() + "-archive.gpg"),
          0644);
    }
    target.write(SOURCES, sources.toString().getBytes(StandardCharsets.UTF_8), 0644);
    target.delete(OLD_SOURCES);

    for (ImageSpec.AptRepository repository : spec.repositories()) {
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

  /** What apt installs: the profile's packages, the agent's, and systemd for a systemd init. */
  List<String> packages() {
    List<String> packages = new ArrayList<>(spec.packages());
    spec.agent().ifPresent(agent -> packages.add(agent.packageName()));
    if (spec.init() instanceof ImageSpec.InitSpec.Systemd) {
      packages.add("systemd-sysv");
    }
    return packages;
  }

  /** apt-get update and install of the profile's packages, the agent and the init's. */
  void installPackages() throws BaseimgException, InterruptedException {
    try {
      target.run(
          "apt-get update",
          List.of("apt-get", "update", "-o", "APT::Update::Error-Mode=any"),
          events);
    } catch (BaseimgException e) {
      throw explainUpdateFailure(e);
    }
    List<String> packages = packages();
    if (packages.isEmpty()) {
      return;
    }
    List<String> install =
        new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
    install.addAll(packages);
    try {
      target.run("apt-get install", install, events);
    } catch (BaseimgException e) {
      Matcher missing = MISSING_PACKAGE.matcher(e.getMessage());
      if (missing.find()) {
        throw new BadInputException(
            "package "
                + missing.group(1)
                + " does not exist in "
                + spec.suite()
                + " ("
                + spec.arch().debianName()
                + ") or the profile's repositories",
            e);
      }
      throw e;
    }
  }

  /**
   * apt-get update's first error, in one line: a key that does not match the repository's signature
   * is bad input; a repository that does not answer is a failure.
   */
  private static BaseimgException explainUpdateFailure(BaseimgException e) {
    String error =
        e.getMessage().lines().filter(line -> line.startsWith("E:")).findFirst().orElse(null);
    if (error == null) {
      return e;
    }
    String text = error.substring(2).trim();
    if (text.contains("NO_PUBKEY")
        || text.contains("not signed")
        || text.contains("BADSIG")
        || text.contains("EXPKEYSIG")
        || text.contains("signature")) {
      return new BadInputException(
          "a repository's Release is not signed by the profile's key: "
              + text
              + "; check signed-by",
          e);
    }
    return new BaseimgException("apt-get update failed: " + text, e);
  }

  /**
   * Configures salt-minion from the profile: master, how the minion names itself at first boot,
   * grains, whether it starts at boot. No minion id and no keys stay in the image.
   */
  void configureAgent() throws IOException, BaseimgException, InterruptedException {
    Optional<ImageSpec.AgentSpec> configured = spec.agent();
    if (configured.isEmpty()) {
      return;
    }
    ImageSpec.AgentSpec agent = configured.get();
    StringBuilder config = new StringBuilder();
    config.append("# Written by baseimg from the profile ").append(spec.name()).append(".\n");
    config.append("master: ").append(yamlString(agent.master())).append('\n');
    config.append("# The id is chosen at first boot and never written back into the image.\n");
    config.append("minion_id_caching: False\n");
    switch (agent.minionId()) {
      case HOSTNAME -> config.append("minion_id_remove_domain: True\n");
      case FQDN -> config.append("# id: the fully qualified domain name (salt's default)\n");
      case MACHINE_ID -> config.append("id_function:\n  file.read:\n    path: /etc/machine-id\n");
    }
    if (!agent.grains().isEmpty()) {
      config.append("grains:\n");
      for (Map.Entry<String, String> grain : agent.grains().entrySet()) {
        config
            .append("  ")
            .append(yamlString(grain.getKey()))
            .append(": ")
            .append(yamlString(grain.getValue()))
            .append('\n');
      }
    }
    target.write(
        ImagePath.of("/etc/salt/minion.d/baseimg.conf"),
        config.toString().getBytes(StandardCharsets.UTF_8),
        0644);
    target.delete(ImagePath.of("/etc/salt/minion_id"));

    String unit = agent.packageName() + ".service";
    ImagePath wants = ImagePath.of("/etc/systemd/system/multi-user.target.wants/" + unit);
    ImagePath bootScript = ImagePath.of("/etc/baseimg/boot.d/50-" + agent.packageName());
    if (agent.enabled() && spec.init() instanceof ImageSpec.InitSpec.Builtin) {
      // No service manager: the built-in /init runs this when the image has no /sbin/init.
      target.write(
          bootScript,
          ("#!/bin/sh\n# Written by baseimg: started by /init, as the image has no service manager.\n"
                  + agent.packageName()
                  + " </dev/null >/dev/console 2>&1 &\n")
              .getBytes(StandardCharsets.UTF_8),
          0755);
    } else {
      target.delete(bootScript);
    }
    if (agent.enabled()) {
      target.shell(
          "enable " + unit,
          "for dir in /lib/systemd/system /usr/lib/systemd/system; do"
              + " if [ -e $dir/"
              + unit
              + " ]; then mkdir -p /etc/systemd/system/multi-user.target.wants;"
              + " ln -sf $dir/"
              + unit
              + " "
              + wants
              + "; break; fi; done",
          EventListener.NONE);
    } else {
      target.delete(wants);
    }
  }

  /** Quotes a value for YAML unless it is plainly a string. */
  private static String yamlString(String value) {
    if (value.matches("[A-Za-z0-9_./-]+")
        && !value.matches("(?i)y|n|yes|no|on|off|true|false|null|~|[0-9.+-].*")) {
      return value;
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Copies the profile's files in, with their modes and owners (names looked up in the image). */
  void copyFiles() throws BaseimgException, InterruptedException, IOException {
    for (ImageSpec.OverlayFile file : spec.files()) {
      target.copyIn(file.source(), file.destination(), file.mode());
      target.run(
          "chown " + file.destination(),
          List.of("chown", "-h", file.owner() + ":" + file.group(), file.destination().toString()),
          events);
      // chown clears setuid and setgid: set the mode again afterwards.
      target.run(
          "chmod " + file.destination(),
          List.of(
              "chmod",
              String.format(Locale.ROOT, "%04o", file.mode()),
              file.destination().toString()),
          events);
    }
  }
}
