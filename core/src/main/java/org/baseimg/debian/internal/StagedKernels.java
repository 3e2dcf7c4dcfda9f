package org.baseimg.debian.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.baseimg.BaseimgException;
import org.baseimg.event.EventListener;
import org.baseimg.internal.Processes;
import org.baseimg.internal.Trees;
import org.baseimg.kernel.StagedKernel;

/**
 * A Debian kernel package unpacked into the {@link StagedKernel} layout: {@code dpkg-deb --extract}
 * into a scratch directory (never into an image: that would replace a usr-merged tree's {@code bin}
 * symlink), the image, config and System.map moved to their names, the modules kept, {@code depmod
 * -b} run, and a {@code complete} file naming the release written last.
 */
public final class StagedKernels {
  private static final String COMPLETE = "complete";

  private StagedKernels() {}

  /** The release of a completely staged kernel in {@code directory}, if there is one. */
  public static Optional<String> completed(Path directory) {
    try {
      Path marker = directory.resolve(COMPLETE);
      return Files.isRegularFile(marker)
          ? Optional.of(Files.readString(marker, StandardCharsets.UTF_8).strip())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Unpacks {@code deb} into {@code directory} (replacing what is there); returns the release. */
  public static String fromPackage(Path deb, Path directory, EventListener events)
      throws BaseimgException, InterruptedException, IOException {
    Path scratch = directory.resolveSibling(directory.getFileName() + ".partial");
    Trees.delete(scratch);
    Trees.delete(directory);
    Path unpacked = Files.createDirectories(scratch.resolve("deb"));
    Processes.run(
        Processes.Command.of(
            "unpack kernel package", "dpkg-deb", "-x", deb.toString(), unpacked.toString()),
        events);
    Path modules = unpacked.resolve("lib/modules");
    if (!Files.isDirectory(modules)) {
      modules = unpacked.resolve("usr/lib/modules");
    }
    List<Path> releases;
    try (Stream<Path> list = Files.list(modules)) {
      releases = list.filter(Files::isDirectory).toList();
    }
    if (releases.size() != 1) {
      throw new BaseimgException(
          deb + " holds " + releases.size() + " module trees, not one: " + releases);
    }
    String release = releases.get(0).getFileName().toString();
    Path staged = Files.createDirectories(scratch.resolve("staged/lib/modules"));
    Files.move(releases.get(0), staged.resolve(release));
    Path boot = unpacked.resolve("boot");
    Files.move(boot.resolve("vmlinuz-" + release), scratch.resolve("staged/" + StagedKernel.IMAGE));
    Files.move(boot.resolve("config-" + release), scratch.resolve("staged/" + StagedKernel.CONFIG));
    Path map = boot.resolve("System.map-" + release);
    if (Files.exists(map)) {
      Files.move(map, scratch.resolve("staged/" + StagedKernel.SYSTEM_MAP));
    }
    Processes.run(
        Processes.Command.of(
            "depmod", "depmod", "-b", scratch.resolve("staged").toString(), release),
        events);
    Files.writeString(scratch.resolve("staged/" + COMPLETE), release + "\n");
    Files.move(scratch.resolve("staged"), directory);
    Trees.delete(scratch);
    return release;
  }
}
