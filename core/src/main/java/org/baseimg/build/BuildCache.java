package org.baseimg.build;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.baseimg.BaseimgException;
import org.baseimg.build.internal.BuildSteps;
import org.baseimg.build.internal.CacheLayout;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;

/**
 * What builds keep in a cache directory, and pruning it: a build adds a bootstrapped tree for every
 * new point release and a tree after apt for every new package set or repository state, and never
 * removes one, so a busy CI cache only grows.
 *
 * <pre>{@code
 * BuildCache cache = BuildCache.at(Path.of("/var/cache/baseimg"));
 * BuildCache.Pruned pruned = cache.prune(2, false, events);
 * }</pre>
 */
public final class BuildCache {
  /** What an entry is, and whether pruning may remove it. */
  public enum Kind {
    BASE("base tree", true),
    PACKAGES("tree after apt", true),
    DEBS(".debs", false),
    APT("apt archives", false),
    RUNNING("running build", false),
    LEFTOVER("leftover", true),
    OTHER("other", false);

    private final String label;
    private final boolean prunable;

    Kind(String label, boolean prunable) {
      this.label = label;
      this.prunable = prunable;
    }

    /** How a listing names it, e.g. {@code base tree}. */
    public String label() {
      return label;
    }
  }

  /**
   * One thing in the cache.
   *
   * @param kind what it is
   * @param name its path below the cache root, e.g. {@code bases/bookworm-arm64-5f0c...}
   * @param path where it is
   * @param bytes the size of its files, each hard-linked file counted once
   * @param lastUsed when a build last used it (a kept tree), else when it last changed
   */
  public record Entry(Kind kind, String name, Path path, long bytes, Instant lastUsed) {}

  /**
   * What {@link #prune} removed (or, on a dry run, would remove) and what it kept.
   *
   * @param removed removed entries
   * @param kept kept entries, those pruning never touches included
   */
  public record Pruned(List<Entry> removed, List<Entry> kept) {
    public long bytesFreed() {
      return removed.stream().mapToLong(Entry::bytes).sum();
    }
  }

  private final Path root;

  private BuildCache(Path root) {
    this.root = root;
  }

  /** The cache at {@code root}, e.g. a profile's {@code build.cache}; it may not exist yet. */
  public static BuildCache at(Path root) {
    if (root == null) {
      throw new IllegalArgumentException("cache root is null");
    }
    return new BuildCache(root.toAbsolutePath().normalize());
  }

  public Path root() {
    return root;
  }

  /** Everything in the cache, sorted by kind, then name; empty when the directory is missing. */
  public List<Entry> entries() throws BaseimgException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try {
      List<Entry> entries = new ArrayList<>();
      for (Path child : children(root)) {
        String name = child.getFileName().toString();
        switch (name) {
          case CacheLayout.BASES -> keptTrees(child, Kind.BASE, entries);
          case CacheLayout.LAYERS -> keptTrees(child, Kind.PACKAGES, entries);
          case CacheLayout.DEBS -> each(child, Kind.DEBS, entries);
          case CacheLayout.APT -> each(child, Kind.APT, entries);
          case CacheLayout.WORK -> {
            for (Path work : children(child)) {
              entries.add(
                  entry(
                      Files.isDirectory(work) && CacheLayout.isLocked(work)
                          ? Kind.RUNNING
                          : Kind.LEFTOVER,
                      work));
            }
          }
          default -> {
            if (!name.startsWith(".")) {
              entries.add(entry(Kind.OTHER, child));
            }
          }
        }
      }
      entries.sort(Comparator.comparing(Entry::kind).thenComparing(Entry::name));
      return List.copyOf(entries);
    } catch (IOException e) {
      throw new BaseimgException("cannot read the cache " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes what killed builds left, and the kept trees of each suite and architecture but the
   * {@code keep} most recently used ones of each kind (bootstrapped, after apt). .debs and apt's
   * archives stay: they only save downloads. Refuses while a build uses the cache, since it may be
   * copying a tree that would go.
   *
   * @param keep kept trees to leave per suite, architecture and kind; 0 removes them all
   * @param dryRun only say what would go
   * @throws BaseimgException when a build runs, or a removal fails
   */
  public Pruned prune(int keep, boolean dryRun, EventListener events)
      throws BaseimgException, InterruptedException {
    if (keep < 0) {
      throw new IllegalArgumentException("keep must be 0 or more, not " + keep);
    }
    requireNoBuildRunning();
    List<Entry> entries = entries();
    List<Entry> removed = new ArrayList<>();
    Map<String, Integer> keptPerGroup = new LinkedHashMap<>();
    List<Entry> newestFirst =
        entries.stream()
            .sorted(Comparator.comparing(Entry::lastUsed, Comparator.reverseOrder()))
            .toList();
    for (Entry entry : newestFirst) {
      if (!entry.kind().prunable) {
        continue;
      }
      if (entry.kind() == Kind.LEFTOVER) {
        removed.add(entry);
        continue;
      }
      String group = entry.kind() + " " + suiteAndArch(entry);
      int kept = keptPerGroup.merge(group, 1, Integer::sum);
      if (kept > keep) {
        removed.add(entry);
      }
    }
    removed.sort(Comparator.comparing(Entry::kind).thenComparing(Entry::name));
    List<Entry> kept = entries.stream().filter(entry -> !removed.contains(entry)).toList();
    if (!dryRun) {
      remove(removed, events);
    }
    return new Pruned(List.copyOf(removed), kept);
  }

  /**
   * Moves what goes out of the builds' way first, then looks for a build once more: one that
   * started before the move is seen and the move undone; one that starts after it misses the trees
   * and bootstraps.
   */
  private void remove(List<Entry> removed, EventListener events)
      throws BaseimgException, InterruptedException {
    Map<Entry, Path> moved = new LinkedHashMap<>();
    try {
      for (Entry entry : removed) {
        Path aside =
            entry
                .path()
                .resolveSibling(
                    "." + entry.path().getFileName() + ".pruning-" + ProcessHandle.current().pid());
        Files.move(entry.path(), aside);
        moved.put(entry, aside);
      }
      Optional<Path> running = runningBuild();
      if (running.isPresent()) {
        for (Map.Entry<Entry, Path> back : moved.entrySet()) {
          Files.move(back.getValue(), back.getKey().path());
        }
        throw buildRunning(running.get());
      }
      for (Map.Entry<Entry, Path> gone : moved.entrySet()) {
        String phase = "remove " + gone.getKey().name();
        long started = System.nanoTime();
        events.on(new Event.PhaseStarted(phase, -1, "entries"));
        BuildSteps.removeTree(gone.getValue(), events);
        events.on(
            new Event.PhaseFinished(phase, Duration.ofNanos(System.nanoTime() - started), ""));
      }
    } catch (IOException e) {
      throw new BaseimgException("cannot prune the cache " + root + ": " + e.getMessage(), e);
    }
  }

  private void requireNoBuildRunning() throws BaseimgException {
    try {
      Optional<Path> running = runningBuild();
      if (running.isPresent()) {
        throw buildRunning(running.get());
      }
    } catch (IOException e) {
      throw new BaseimgException("cannot read the cache " + root + ": " + e.getMessage(), e);
    }
  }

  private Optional<Path> runningBuild() throws IOException {
    Path work = root.resolve(CacheLayout.WORK);
    if (!Files.isDirectory(work)) {
      return Optional.empty();
    }
    for (Path directory : children(work)) {
      if (Files.isDirectory(directory) && CacheLayout.isLocked(directory)) {
        return Optional.of(directory);
      }
    }
    return Optional.empty();
  }

  private BaseimgException buildRunning(Path work) {
    return new BaseimgException(
        "a build is using the cache "
            + root
            + " (its work directory is "
            + work.getFileName()
            + "); prune when it has finished");
  }

  /** {@code bookworm-arm64} of {@code bases/bookworm-arm64-KEY}. */
  private static String suiteAndArch(Entry entry) {
    String name = entry.path().getFileName().toString();
    int lastDash = name.lastIndexOf('-');
    return lastDash < 0 ? name : name.substring(0, lastDash);
  }

  private void keptTrees(Path directory, Kind kind, List<Entry> entries) throws IOException {
    for (Path child : children(directory)) {
      String name = child.getFileName().toString();
      Path complete = child.resolve(CacheLayout.COMPLETE);
      int partial = name.indexOf(CacheLayout.PARTIAL);
      if (partial >= 0) {
        // Being kept by a build that still runs, or left by one that was killed.
        long pid = parsePid(name.substring(partial + CacheLayout.PARTIAL.length()));
        if (ProcessHandle.of(pid).isEmpty()) {
          entries.add(entry(Kind.LEFTOVER, child));
        }
      } else if (name.startsWith(".") || !Files.isRegularFile(complete)) {
        entries.add(entry(Kind.LEFTOVER, child));
      } else {
        entries.add(
            new Entry(
                kind,
                root.relativize(child).toString(),
                child,
                bytes(child),
                Files.getLastModifiedTime(complete).toInstant()));
      }
    }
  }

  private void each(Path directory, Kind kind, List<Entry> entries) throws IOException {
    for (Path child : children(directory)) {
      entries.add(entry(kind, child));
    }
  }

  private Entry entry(Kind kind, Path path) throws IOException {
    return new Entry(
        kind,
        root.relativize(path).toString(),
        path,
        bytes(path),
        Files.getLastModifiedTime(path).toInstant());
  }

  private static long parsePid(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static List<Path> children(Path directory) throws IOException {
    try (Stream<Path> list = Files.list(directory)) {
      return list.sorted().toList();
    }
  }

  /** The size of the files below {@code path}, not following links, hard links counted once. */
  private static long bytes(Path path) throws IOException {
    long[] total = {0};
    Set<Object> seen = new HashSet<>();
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            Object key = attributes.fileKey();
            if (attributes.isRegularFile() && (key == null || seen.add(key))) {
              total[0] += attributes.size();
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
    return total[0];
  }
}
