package org.baseimg.builder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.baseimg.event.EventListener;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pruning what a SIGKILLed build left with its chroot's /proc still mounted. Needs root. */
class BuildCacheIT {
  @TempDir Path root;

  @Test
  void prune_aKilledBuildsWorkWithProcMounted_sizesItWithoutProcAndUnmountsIt() throws Exception {
    Path work = root.resolve("work/build-9");
    Path proc = Files.createDirectories(work.resolve("rootfs/proc"));
    Files.write(work.resolve("rootfs/hostname"), new byte[100]);
    // Fails, saying why, when not run as root.
    NativeTools.run(List.of("mount", "-t", "proc", "proc", proc.toString()));
    try {
      assertThat(BuildCache.at(root).entries())
          .singleElement()
          .satisfies(
              entry -> {
                assertThat(entry.kind()).isEqualTo(BuildCache.Kind.LEFTOVER);
                assertThat(entry.bytes()).as("/proc not counted").isEqualTo(100);
              });

      BuildCache.Pruned pruned = BuildCache.at(root).prune(2, false, EventListener.NONE);

      assertThat(pruned.removed())
          .extracting(BuildCache.Entry::name)
          .containsExactly("work/build-9");
      assertThat(work).doesNotExist();
      assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
          .noneMatch(line -> line.contains(root.toString()));
    } finally {
      if (Files.readString(Path.of("/proc/self/mountinfo")).contains(proc.toString())) {
        NativeTools.run(List.of("umount", "-l", proc.toString()));
      }
    }
  }
}
