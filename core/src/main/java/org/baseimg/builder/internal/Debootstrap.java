package org.baseimg.builder.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baseimg.BaseimgException;
import org.baseimg.builder.Prerequisites;
import org.baseimg.builder.internal.cache.CacheLayout;
import org.baseimg.builder.internal.host.Mounts;
import org.baseimg.event.EventListener;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.FileLocks;
import org.baseimg.internal.Processes;

/**
 * {@code debootstrap}, run in two stages: the first natively on the host (downloading and
 * unpacking), the second inside the new tree through QEMU user emulation (configuring). Downloaded
 * .debs go to a cache directory shared by every build; a lock keeps two builds from writing the
 * same .deb at once.
 */
public final class Debootstrap {
  private static final Path DEBOOTSTRAP = Path.of("/usr/sbin/debootstrap");

  private Debootstrap() {}

  /** debootstrap's own default mirror, read from the installed script (never written here). */
  public static Optional<URI> defaultMirror() {
    try {
      return Files.readAllLines(DEBOOTSTRAP).stream()
          .filter(line -> line.startsWith("DEF_MIRROR="))
          .map(line -> line.substring("DEF_MIRROR=".length()).replace("\"", "").trim())
          .map(URI::create)
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The installed debootstrap's version, for the manifest and the cache key. */
  public static String version() {
    try {
      return version(Files.readAllLines(DEBOOTSTRAP));
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The version a debootstrap script names in its {@code VERSION=} line. */
  public static String version(List<String> script) {
    return script.stream()
        .filter(line -> line.startsWith("VERSION="))
        .map(line -> line.substring("VERSION=".length()).replace("'", "").replace("\"", "").trim())
        .findFirst()
        .orElse("unknown");
  }

  /**
   * debootstrap's options for {@code spec}: architecture, variant, components, signature checks and
   * the .deb cache. Both environments pass the same ones, so that they bootstrap the same tree.
   *
   * @param variant the variant to bootstrap (a builder image is always minbase)
   * @param include extra packages, with their dependencies
   * @param keyring where the spec's keyring is where debootstrap runs
   * @param debCache where debootstrap keeps .debs, where it runs; empty for none
   */
  public static List<String> options(
      ImageSpec spec,
      ImageSpec.Variant variant,
      List<String> include,
      Optional<String> keyring,
      Optional<String> debCache) {
    List<String> options =
        new ArrayList<>(
            List.of(
                "--arch=" + spec.arch().debianName(),
                "--components=" + String.join(",", spec.components())));
    debCache.ifPresent(cache -> options.add("--cache-dir=" + cache));
    if (variant != ImageSpec.Variant.STANDARD) {
      options.add("--variant=" + variant.debootstrapName());
    }
    if (!include.isEmpty()) {
      options.add("--include=" + String.join(",", include));
    }
    if (!spec.checkSignatures()) {
      options.add("--no-check-gpg");
    } else {
      keyring.ifPresent(path -> options.add("--keyring=" + path));
    }
    return options;
  }

  /**
   * Bootstraps {@code spec}'s suite into {@code target} as {@code variant} with {@code include}
   * added (a builder image's tree is minbase with debootstrap).
   *
   * @param mirror the mirror to use; empty for debootstrap's default
   * @param debCache where downloaded .debs are kept between builds
   * @param environment the variables the emulated second stage gets
   */
  public static void bootstrap(
      ImageSpec spec,
      ImageSpec.Variant variant,
      List<String> include,
      Optional<URI> mirror,
      Path target,
      Path debCache,
      Map<String, String> environment,
      EventListener events)
      throws BaseimgException, InterruptedException {
    try {
      Files.createDirectories(debCache);
      Files.createDirectories(target);
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot create " + debCache + " or " + target + ": " + e.getMessage(), e);
    }
    List<String> first = new ArrayList<>(List.of(DEBOOTSTRAP.toString(), "--foreign"));
    first.addAll(
        options(
            spec,
            variant,
            include,
            spec.keyring().map(Path::toString),
            Optional.of(debCache.toAbsolutePath().toString())));
    first.add(spec.suite());
    first.add(target.toString());
    mirror.ifPresent(uri -> first.add(uri.toString()));

    try {
      FileLocks.underLock(
          CacheLayout.debsLock(debCache),
          () -> Processes.run(Processes.Command.of("debootstrap", first), events));
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot lock the package cache " + debCache + ": " + e.getMessage(), e);
    }
    Processes.run(
        Processes.Command.of(
                Prerequisites.isForeign(spec.arch())
                    ? "debootstrap second stage (emulated)"
                    : "debootstrap second stage",
                "chroot",
                target.toString(),
                "/debootstrap/debootstrap",
                "--second-stage")
            .withOnlyEnvironment(environment),
        events);
    try {
      Mounts.unmountBelow(target, EventListener.NONE);
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot read the mounts below " + target + ": " + e.getMessage(), e);
    }
  }
}
