package org.baseimg.build.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baseimg.BaseimgException;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.image.ImageSpec;

/**
 * {@code debootstrap}, run in two stages: the first natively on the host (downloading and
 * unpacking), the second inside the new tree through QEMU user emulation (configuring). Downloaded
 * .debs go to a cache directory shared by every build; a lock keeps two builds from writing the
 * same .deb at once.
 */
final class Debootstrap {
  private static final Path DEBOOTSTRAP = Path.of("/usr/sbin/debootstrap");

  /**
   * Tells dpkg in the image not to fsync every file it unpacks, for the whole build (the second
   * stage and apt): a build that fails is thrown away, so the syncs buy nothing. The cleaner
   * removes it; mmdebstrap does the same.
   */
  static final ImagePath UNSAFE_IO = ImagePath.of("/etc/dpkg/dpkg.cfg.d/baseimg-unsafe-io");

  private Debootstrap() {}

  /** debootstrap's own default mirror, read from the installed script (never written here). */
  static Optional<URI> defaultMirror() {
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
  static String version() {
    try {
      return Files.readAllLines(DEBOOTSTRAP).stream()
          .filter(line -> line.startsWith("VERSION="))
          .map(
              line -> line.substring("VERSION=".length()).replace("'", "").replace("\"", "").trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Bootstraps {@code spec}'s suite into {@code target}.
   *
   * @param mirror the mirror to use; empty for debootstrap's default
   * @param debCache where downloaded .debs are kept between builds
   * @param environment the variables the emulated second stage gets
   */
  static void bootstrap(
      ImageSpec spec,
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
    List<String> first =
        new ArrayList<>(
            List.of(
                DEBOOTSTRAP.toString(),
                "--arch=" + spec.arch().debianName(),
                "--foreign",
                "--components=" + String.join(",", spec.components()),
                "--cache-dir=" + debCache.toAbsolutePath()));
    if (spec.variant() != ImageSpec.Variant.STANDARD) {
      first.add("--variant=" + spec.variant().debootstrapName());
    }
    if (!spec.checkSignatures()) {
      first.add("--no-check-gpg");
    } else {
      spec.keyring().ifPresent(keyring -> first.add("--keyring=" + keyring));
    }
    first.add(spec.suite());
    first.add(target.toString());
    mirror.ifPresent(uri -> first.add(uri.toString()));

    try (FileChannel lockFile =
            FileChannel.open(
                debCache.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      Processes.run(Processes.Command.of("debootstrap", first), events);
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot lock the package cache " + debCache + ": " + e.getMessage(), e);
    }
    Path unsafeIo = target.resolve(UNSAFE_IO.archiveName());
    try {
      Files.createDirectories(unsafeIo.getParent());
      Files.writeString(
          unsafeIo, "# baseimg: removed when the image is cleaned\nforce-unsafe-io\n");
    } catch (IOException e) {
      throw new BaseimgException("cannot write " + unsafeIo + ": " + e.getMessage(), e);
    }
    Processes.run(
        Processes.Command.of(
                "debootstrap (emulated)",
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
