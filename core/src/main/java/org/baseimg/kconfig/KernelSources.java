package org.baseimg.kconfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.baseimg.BaseimgException;
import org.baseimg.debian.DebPackage;
import org.baseimg.debian.DebianArchive;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.image.Architecture;
import org.baseimg.internal.Trees;
import org.baseimg.kconfig.internal.SourceUnpacker;

/**
 * Debian's kernel source as a {@link KernelTree}: the package {@code linux-source-<series>} of a
 * suite, fetched and checked by {@link DebianArchive} (gpgv and SHA-256), its tarball unpacked once
 * into {@code <cache>/<suite>/linux-source-<series>_<version>/} and used from there afterwards. The
 * package stays in the archive's cache, so that asking again costs a checksum, not a download.
 *
 * <pre>{@code
 * KernelTree tree = KernelSources.debian(archive, "bookworm", "6.1", events);
 * }</pre>
 */
public final class KernelSources {
  private static final String COMPLETE = ".baseimg-complete";

  private KernelSources() {}

  /**
   * The unpacked source of {@code linux-source-<series>} from {@code suite}, fetched and unpacked
   * unless the cache has it already. The tree is made beside its final place and renamed when
   * complete, so an interrupted unpack is never taken for a tree.
   *
   * @param series e.g. {@code 6.1}
   */
  public static KernelTree debian(
      DebianArchive archive, String suite, String series, EventListener events)
      throws BaseimgException, InterruptedException {
    String hostArch = Architecture.host().orElse(Architecture.AMD64).debianName();
    DebPackage deb = archive.downloadPackage(suite, hostArch, "linux-source-" + series);
    Path directory =
        archive
            .cacheDirectory()
            .resolve(suite)
            .resolve("linux-source-" + series + "_" + deb.version().replace(":", "%3a"));
    if (Files.isRegularFile(directory.resolve(COMPLETE))) {
      return KernelTree.at(directory);
    }
    Path partial = directory.resolveSibling(directory.getFileName() + ".partial");
    Path tarball = directory.resolveSibling(directory.getFileName() + ".tar.xz");
    try {
      Trees.delete(partial);
      Trees.delete(directory);
      Files.createDirectories(partial);
      deb.extract("usr/src/linux-source-" + series + ".tar.xz", tarball);
      String phase = "unpack linux-source-" + series;
      long started = System.nanoTime();
      events.on(new Event.PhaseStarted(phase, Files.size(tarball), "bytes"));
      long files = SourceUnpacker.unpack(tarball, partial, phase, events);
      Files.createFile(partial.resolve(COMPLETE));
      Files.move(partial, directory);
      events.on(
          new Event.PhaseFinished(
              phase,
              Duration.ofNanos(System.nanoTime() - started),
              files + " files -> " + directory));
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot unpack the kernel source into " + directory + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tarball);
      } catch (IOException e) {
        // the tarball is only a means to the tree; a leftover costs space
      }
    }
    return KernelTree.at(directory);
  }
}
