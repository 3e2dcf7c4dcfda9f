package org.baseimg.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.cache.CacheLock;
import org.baseimg.event.EventListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheTest {
  @TempDir Path root;

  private final Instant now = Instant.parse("2026-12-01T12:00:00Z");

  @BeforeEach
  void fillTheCache() throws Exception {
    keptTree("bases/bookworm-arm64-aaaa", now.minusSeconds(3000), 100);
    keptTree("bases/bookworm-arm64-bbbb", now.minusSeconds(2000), 200);
    keptTree("bases/bookworm-arm64-cccc", now.minusSeconds(1000), 300);
    keptTree("bases/bullseye-arm64-dddd", now.minusSeconds(9000), 400);
    keptTree("layers/bookworm-arm64-eeee", now.minusSeconds(5000), 500);
    file("bases/bookworm-arm64-ffff.partial-4242/rootfs/usr/bin/half", 60);
    file("debs/bookworm-arm64/busybox_1_arm64.deb", 70);
    file("apt/bookworm-arm64/salt-minion_1_all.deb", 80);
    file("work/build-1/rootfs/etc/hostname", 90);
    file("kernel/objects/conf", 10);
  }

  @Test
  void entries_nameEachKeptTreeWithItsSizeAndLastUse() throws Exception {
    List<BuildCache.Entry> entries = BuildCache.at(root).entries();

    assertThat(entries)
        .extracting(entry -> entry.kind() + " " + entry.name() + " " + entry.bytes())
        .containsExactly(
            "BASE bases/bookworm-arm64-aaaa 100",
            "BASE bases/bookworm-arm64-bbbb 200",
            "BASE bases/bookworm-arm64-cccc 300",
            "BASE bases/bullseye-arm64-dddd 400",
            "PACKAGES layers/bookworm-arm64-eeee 500",
            "DEBS debs/bookworm-arm64 70",
            "APT apt/bookworm-arm64 80",
            "LEFTOVER bases/bookworm-arm64-ffff.partial-4242 60",
            "LEFTOVER work/build-1 90",
            "OTHER kernel 10");
    assertThat(entries.get(2).lastUsed()).isEqualTo(now.minusSeconds(1000));
  }

  @Test
  void prune_keepsTheMostRecentlyUsedTreesOfEachSuiteAndRemovesLeftovers() throws Exception {
    BuildCache.Pruned pruned = BuildCache.at(root).prune(2, false, EventListener.NONE);

    assertThat(pruned.removed())
        .extracting(BuildCache.Entry::name)
        .containsExactly(
            "bases/bookworm-arm64-aaaa", "bases/bookworm-arm64-ffff.partial-4242", "work/build-1");
    assertThat(pruned.bytesFreed()).isEqualTo(100 + 60 + 90);
    assertThat(root.resolve("bases/bookworm-arm64-aaaa")).doesNotExist();
    assertThat(root.resolve("work/build-1")).doesNotExist();
    assertThat(root.resolve("bases/bookworm-arm64-bbbb/rootfs/usr/bin/tool")).exists();
    assertThat(root.resolve("bases/bullseye-arm64-dddd/rootfs/usr/bin/tool")).exists();
    assertThat(root.resolve("debs/bookworm-arm64/busybox_1_arm64.deb")).exists();
    assertThat(root.resolve("kernel/objects/conf")).exists();
    try (var left = Files.list(root.resolve("bases"))) {
      assertThat(left.map(path -> path.getFileName().toString()))
          .as("nothing left aside")
          .containsExactlyInAnyOrder(
              "bookworm-arm64-bbbb", "bookworm-arm64-cccc", "bullseye-arm64-dddd");
    }
  }

  @Test
  void prune_keepZero_removesEveryKeptTreeButNotTheDownloads() throws Exception {
    BuildCache.Pruned pruned = BuildCache.at(root).prune(0, false, EventListener.NONE);

    assertThat(pruned.kept())
        .extracting(BuildCache.Entry::name)
        .containsExactly("debs/bookworm-arm64", "apt/bookworm-arm64", "kernel");
    assertThat(root.resolve("bases")).isEmptyDirectory();
    assertThat(root.resolve("layers")).isEmptyDirectory();
  }

  @Test
  void prune_dryRun_removesNothing() throws Exception {
    BuildCache.Pruned pruned = BuildCache.at(root).prune(1, true, EventListener.NONE);

    assertThat(pruned.removed()).hasSize(4);
    assertThat(root.resolve("bases/bookworm-arm64-aaaa/rootfs/usr/bin/tool")).exists();
    assertThat(root.resolve("work/build-1")).exists();
  }

  @Test
  @SuppressWarnings("try") // the build's lock is held, never called
  void prune_whileABuildOfThisProcessRuns_refusesAndRemovesNothing() throws Exception {
    try (CacheLock build = CacheLock.shared(root, EventListener.NONE)) {
      assertThat(BuildCache.at(root).entries())
          .filteredOn(entry -> entry.kind() == BuildCache.Kind.RUNNING)
          .extracting(BuildCache.Entry::name)
          .as("a running build's work and the tree it keeps")
          .containsExactly("bases/bookworm-arm64-ffff.partial-4242", "work/build-1");
      assertThatThrownBy(() -> BuildCache.at(root).prune(0, false, EventListener.NONE))
          .isInstanceOf(BaseimgException.class)
          .hasMessage("a build is using the cache " + root + "; prune when it has finished");
    }
    assertThat(root.resolve("bases/bookworm-arm64-aaaa/rootfs/usr/bin/tool")).exists();
    assertThat(root.resolve("work/build-1")).exists();
  }

  @Test
  void prune_whileAnotherProcessHoldsTheCacheShared_refuses() throws Exception {
    Process holder = lockInAnotherProcess("LOCK_SH");
    try {
      assertThat(CacheLock.buildRunning(root)).isTrue();
      assertThatThrownBy(() -> BuildCache.at(root).prune(0, false, EventListener.NONE))
          .isInstanceOf(BaseimgException.class)
          .hasMessageContaining("a build is using the cache");
      assertThat(root.resolve("bases/bookworm-arm64-aaaa")).exists();
    } finally {
      holder.destroy();
      holder.waitFor();
    }
    assertThat(CacheLock.buildRunning(root)).as("after the holder ended").isFalse();
  }

  @Test
  @SuppressWarnings("try") // locks are held, and one closed early, on purpose
  void lock_isSharedByTheBuildsOfThisJvmAndExclusiveForPrune() throws Exception {
    Optional<CacheLock> prune = CacheLock.tryExclusive(root);
    assertThat(prune).isPresent();
    prune.get().close();
    try (CacheLock first = CacheLock.shared(root, EventListener.NONE);
        CacheLock second = CacheLock.shared(root, EventListener.NONE)) {
      assertThat(CacheLock.tryExclusive(root)).as("two builds of this JVM hold it").isEmpty();
      first.close();
      assertThat(CacheLock.tryExclusive(root)).as("one build still holds it").isEmpty();
    }
    try (CacheLock again = CacheLock.tryExclusive(root).orElseThrow()) {
      assertThat(CacheLock.buildRunning(root)).isFalse();
    }
  }

  @Test
  void entries_countAHardLinkedFileOnce() throws Exception {
    Path tool = root.resolve("bases/bookworm-arm64-cccc/rootfs/usr/bin/tool");
    Files.createLink(tool.resolveSibling("same-tool"), tool);

    assertThat(BuildCache.at(root).entries())
        .filteredOn(entry -> entry.name().equals("bases/bookworm-arm64-cccc"))
        .extracting(BuildCache.Entry::bytes)
        .containsExactly(300L);
  }

  @Test
  void entries_ofAMissingDirectory_areNone() throws Exception {
    assertThat(BuildCache.at(root.resolve("never-used")).entries()).isEmpty();
  }

  @Test
  @SuppressWarnings("try") // the build's lock is held, never called
  void build_whileAnotherProcessPrunes_saysSoAndWaits() throws Exception {
    Process prune = lockInAnotherProcess("LOCK_EX");
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicLong pruneEnding =
        new java.util.concurrent.atomic.AtomicLong();
    Thread ending =
        new Thread(
            () -> {
              try {
                Thread.sleep(1500);
              } catch (InterruptedException e) {
                return;
              }
              pruneEnding.set(System.nanoTime());
              prune.destroy();
            });
    ending.start();
    try (CacheLock build =
        CacheLock.shared(
            root,
            event -> {
              if (event instanceof org.baseimg.event.Event.Info info) {
                warnings.add(info.message());
              }
            })) {
      long locked = System.nanoTime();
      assertThat(pruneEnding.get())
          .as("the build got the lock only once the prune was ending")
          .isNotZero()
          .isLessThanOrEqualTo(locked);
    } finally {
      ending.join();
      prune.waitFor();
    }
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("waiting for the cache")
        .contains("baseimg cache prune");
  }

  /** A python3 process holding the cache's lock (lockf is the JVM's fcntl lock), until killed. */
  private Process lockInAnotherProcess(String mode) throws Exception {
    Process holder =
        new ProcessBuilder(
                "python3",
                "-c",
                "import fcntl, sys, time\n"
                    + "f = open(sys.argv[1], 'a+')\n"
                    + "fcntl.lockf(f, fcntl."
                    + mode
                    + ")\n"
                    + "print('locked', flush=True)\n"
                    + "time.sleep(60)\n",
                root.resolve(".lock").toString())
            .redirectErrorStream(true)
            .start();
    String first =
        new java.io.BufferedReader(
                new java.io.InputStreamReader(
                    holder.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))
            .readLine();
    assertThat(first).as("python3 took the lock (%s)", mode).isEqualTo("locked");
    return holder;
  }

  private void keptTree(String name, Instant lastUsed, int bytes) throws Exception {
    file(name + "/rootfs/usr/bin/tool", bytes - 5);
    Path complete = root.resolve(name).resolve("complete");
    Files.writeString(complete, "kkkk\n");
    Files.setLastModifiedTime(complete, FileTime.from(lastUsed));
  }

  private void file(String name, int bytes) throws Exception {
    Path path = root.resolve(name);
    Files.createDirectories(path.getParent());
    Files.write(path, new byte[bytes]);
  }
}
