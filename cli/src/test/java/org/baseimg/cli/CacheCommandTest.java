package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.baseimg.builder.internal.cache.CacheLock;
import org.baseimg.event.EventListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheCommandTest {
  @TempDir Path cache;

  @BeforeEach
  void fillTheCache() throws Exception {
    keptTree("bases/bookworm-arm64-0ld", "2026-11-01T08:00:00Z");
    keptTree("bases/bookworm-arm64-new", "2026-12-01T09:30:00Z");
    Files.createDirectories(cache.resolve("work/build-7/rootfs"));
  }

  @Test
  void list_showsKindSizeLastUseAndName() {
    CommandLineRun run = CommandLineRun.of("cache", "list", "--cache", cache.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().limit(3))
        .containsExactly(
            cache.toAbsolutePath() + ": 3 entries, 2.0 KiB",
            "base tree          1.0 KiB  2026-11-01 08:00  bases/bookworm-arm64-0ld",
            "base tree          1.0 KiB  2026-12-01 09:30  bases/bookworm-arm64-new");
    assertThat(run.out().lines().skip(3))
        .singleElement()
        .asString()
        .startsWith("leftover               0 B  ")
        .endsWith("  work/build-7");
  }

  @Test
  void prune_removesTheOlderTreeAndTheLeftover() {
    CommandLineRun run =
        CommandLineRun.of(
            "cache", "prune", "--cache", cache.toString(), "--keep", "1", "--console", "plain");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("removed base tree          1.0 KiB  2026-11-01 08:00  bases/bookworm-arm64-0ld")
        .contains(cache.toAbsolutePath() + ": removed 2 entries (1.0 KiB), kept 1");
    assertThat(cache.resolve("bases/bookworm-arm64-0ld")).doesNotExist();
    assertThat(cache.resolve("work/build-7")).doesNotExist();
    assertThat(cache.resolve("bases/bookworm-arm64-new")).isDirectory();
  }

  @Test
  void prune_dryRun_saysWhatWouldGoAndKeepsIt() {
    CommandLineRun run =
        CommandLineRun.of(
            "cache", "prune", "--cache", cache.toString(), "--keep", "0", "--dry-run");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains(": would remove 3 entries (2.0 KiB), kept 0");
    assertThat(cache.resolve("bases/bookworm-arm64-0ld")).isDirectory();
  }

  @Test
  @SuppressWarnings("try") // the lock is only held, standing for a running build, never read
  void prune_whileABuildRuns_failsInOneLineAndKeepsEverything() throws Exception {
    try (CacheLock build = CacheLock.shared(cache, EventListener.NONE)) {
      CommandLineRun run = CommandLineRun.of("cache", "prune", "--cache", cache.toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.errLines())
          .singleElement()
          .asString()
          .contains("a build is using the cache " + cache.toAbsolutePath())
          .contains("prune when it has finished");
    }
    assertThat(cache.resolve("bases/bookworm-arm64-0ld")).isDirectory();
  }

  @Test
  void list_ofADirectoryThatIsNotThere_isBadInput() {
    CommandLineRun run =
        CommandLineRun.of("cache", "list", "--cache", cache.resolve("typo").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("no cache at " + cache.resolve("typo"))
        .contains("--cache DIR");
  }

  @Test
  void prune_negativeKeep_isBadInput() {
    CommandLineRun run =
        CommandLineRun.of("cache", "prune", "--cache", cache.toString(), "--keep", "-1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("--keep must be 0 or more");
    assertThat(cache.resolve("bases/bookworm-arm64-0ld")).isDirectory();
  }

  private void keptTree(String name, String lastUsed) throws Exception {
    Path tree = cache.resolve(name).resolve("rootfs/usr/bin");
    Files.createDirectories(tree);
    Files.write(tree.resolve("tool"), new byte[1020]);
    Path complete = cache.resolve(name).resolve("complete");
    Files.writeString(complete, "key\n");
    Files.setLastModifiedTime(complete, FileTime.from(Instant.parse(lastUsed)));
  }
}
