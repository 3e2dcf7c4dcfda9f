package org.baseimg.builder;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.cache.CacheLayout;
import org.baseimg.builder.internal.cache.CacheLock;
import org.baseimg.builder.internal.host.Mounts;
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
    FRAMES("compressed frames", true),
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

  private static final Comparator<Entry> LISTING_ORDER =
      Comparator.comparing(Entry::kind).thenComparing(Entry::name);

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

  /**
   * Everything in the cache, sorted by kind, then name; empty when the directory is missing. While
   * a build runs, work directories and trees being kept show as {@link Kind#RUNNING}; when none
   * does, as {@link Kind#LEFTOVER}.
   */
  public List<Entry> entries() throws BaseimgException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    return entries(CacheLock.buildRunning(root));
  }

  private List<Entry> entries(boolean buildRunning) throws BaseimgException {
    Kind unfinished = buildRunning ? Kind.RUNNING : Kind.LEFTOVER;
    try {
      List<Entry> entries = new ArrayList<>();
      for (Path child : children(root)) {
        String name = child.getFileName().toString();
        switch (name) {
          case CacheLayout.BASES -> keptTrees(child, Kind.BASE, unfinished, entries);
          case CacheLayout.LAYERS -> keptTrees(child, Kind.PACKAGES, unfinished, entries);
          case CacheLayout.DEBS -> each(child, Kind.DEBS, entries);
          case CacheLayout.APT -> each(child, Kind.APT, entries);
          case CacheLayout.FRAMES -> add(entries, Kind.FRAMES, child, child);
          case CacheLayout.WORK -> each(child, unfinished, entries);
          default -> {
            if (!name.startsWith(".")) {
              add(entries, Kind.OTHER, child, child);
            }
          }
        }
      }
      entries.sort(LISTING_ORDER);
      return List.copyOf(entries);
    } catch (IOException e) {
      throw new BaseimgException("cannot read the cache " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes what killed builds left, and the kept trees of each suite and architecture but the
   * {@code keep} most recently used ones of each kind (bootstrapped, after apt). .debs and apt's
   * archives stay: they only save downloads. Holds the cache's lock throughout, so it refuses while
   * a build runs, and builds that start meanwhile wait for it.
   *
   * @param keep kept trees to leave per suite, architecture and kind; 0 removes them all
   * @param dryRun only say what would go
   * @throws BaseimgException when a build runs, or a removal fails
   */
  @SuppressWarnings("try") // the exclusive lock is held while pruning, never called
  public Pruned prune(int keep, boolean dryRun, EventListener events)
      throws BaseimgException, InterruptedException {
    if (keep < 0) {
      throw new IllegalArgumentException("keep must be 0 or more, not " + keep);
    }
    if (!Files.isDirectory(root)) {
      return new Pruned(List.of(), List.of());
    }
    Optional<CacheLock> lock = CacheLock.tryExclusive(root);
    if (lock.isEmpty()) {
      throw new BaseimgException(
          "a build is using the cache " + root + "; prune when it has finished");
    }
    try (CacheLock held = lock.get()) {
      List<Entry> entries = entries(false);
      List<Entry> removed = new ArrayList<>();
      Map<String, Integer> keptPerGroup = new LinkedHashMap<>();
      List<Entry> newestFirst =
          entries.stream()
              .sorted(Comparator.comparing(Entry::lastUsed, Comparator.reverseOrder()))
              .toList();
      for (Entry entry : newestFirst) {
        if (entry.kind() == Kind.LEFTOVER) {
          removed.add(entry);
        } else if (entry.kind().prunable) {
          String group = entry.kind() + " " + suiteAndArch(entry);
          if (keptPerGroup.merge(group, 1, Integer::sum) > keep) {
            removed.add(entry);
          }
        }
      }
      removed.sort(LISTING_ORDER);
      List<Entry> kept = entries.stream().filter(entry -> !removed.contains(entry)).toList();
      if (!dryRun) {
        for (Entry entry : removed) {
          remove(entry, events);
        }
      }
      return new Pruned(List.copyOf(removed), kept);
    }
  }

  private void remove(Entry entry, EventListener events)
      throws BaseimgException, InterruptedException {
    String phase = "remove " + entry.name();
    long started = System.nanoTime();
    events.on(new Event.PhaseStarted(phase, -1, "entries"));
    try {
      // Unmounts first what a killed build left mounted in its chroot.
      Mounts.unmountAndDelete(entry.path(), events);
    } catch (IOException e) {
      throw new BaseimgException("cannot remove " + entry.path() + ": " + e.getMessage(), e);
    }
    events.on(new Event.PhaseFinished(phase, Duration.ofNanos(System.nanoTime() - started), ""));
  }

  /** {@code bookworm-arm64} of {@code bases/bookworm-arm64-KEY}. */
  private static String suiteAndArch(Entry entry) {
    String name = entry.path().getFileName().toString();
    int lastDash = name.lastIndexOf('-');
    return lastDash < 0 ? name : name.substring(0, lastDash);
  }

  private void keptTrees(Path directory, Kind kind, Kind unfinished, List<Entry> entries)
      throws IOException {
    for (Path child : children(directory)) {
      Path complete = child.resolve(CacheLayout.COMPLETE);
      if (child.getFileName().toString().contains(CacheLayout.PARTIAL)) {
        add(entries, unfinished, child, child);
      } else if (!Files.isRegularFile(complete)) {
        add(entries, Kind.LEFTOVER, child, child);
      } else {
        add(entries, kind, child, complete);
      }
    }
  }

  private void each(Path directory, Kind kind, List<Entry> entries) throws IOException {
    for (Path child : children(directory)) {
      add(entries, kind, child, child);
    }
  }

  /**
   * Adds {@code path}, last used when {@code clock} last changed; skips what vanished meanwhile.
   */
  private void add(List<Entry> entries, Kind kind, Path path, Path clock) throws IOException {
    try {
      Instant lastUsed = Files.getLastModifiedTime(clock, LinkOption.NOFOLLOW_LINKS).toInstant();
      entries.add(new Entry(kind, root.relativize(path).toString(), path, bytes(path), lastUsed));
    } catch (NoSuchFileException finishedMeanwhile) {
      // A build removed its work directory or kept its tree while we looked.
    }
  }

  private static List<Path> children(Path directory) throws IOException {
    try (Stream<Path> list = Files.list(directory)) {
      return list.sorted().toList();
    } catch (NoSuchFileException finishedMeanwhile) {
      return List.of();
    }
  }

  /**
   * The size of the files below {@code path}, not following links nor crossing into mounts (a
   * killed build's chroot may still have /proc), hard links counted once.
   */
  private static long bytes(Path path) throws IOException {
    long[] total = {0};
    Set<Object> seen = new HashSet<>();
    Object device = device(path);
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
              throws IOException {
            return Objects.equals(device(directory), device)
                ? FileVisitResult.CONTINUE
                : FileVisitResult.SKIP_SUBTREE;
          }

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

  private static Object device(Path path) throws IOException {
    try {
      return Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }
}
