package org.baseimg.inspect.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.baseimg.debian.DpkgStatus;
import org.baseimg.fs.FileType;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.InitramfsFormatException;
import org.baseimg.initramfs.InitramfsListing;
import org.baseimg.initramfs.InitramfsReader;
import org.baseimg.internal.Hashing;

/**
 * One pass over an initramfs: the tree as the kernel unpacks it (a later entry of a name replaces
 * an earlier one, as a later archive may) and the image's own dpkg database. File contents are
 * hashed on the way when asked; nothing else of them is kept, except the dpkg files, parsed as they
 * stream past.
 */
public final class ImageScan {
  static final ImagePath STATUS = ImagePath.of("/var/lib/dpkg/status");
  static final ImagePath DIVERSIONS = ImagePath.of("/var/lib/dpkg/diversions");
  static final ImagePath INFO = ImagePath.of("/var/lib/dpkg/info");

  private static final String EMPTY_SHA256 = Hashing.sha256(new byte[0]);

  /**
   * One name of the unpacked tree.
   *
   * @param path where it is
   * @param entry its last entry in the archive
   * @param size a regular file's content length, its hard-link group's for every name of one
   * @param sha256 a regular file's content hash when hashed, else null
   */
  public record Node(ImagePath path, InitramfsListing.Entry entry, long size, String sha256) {
    public FileType type() {
      return entry.mode().type();
    }
  }

  /**
   * A {@code dpkg-divert} record: {@code from}'s file of every package but {@code by} lives at
   * {@code to}.
   *
   * @param by the diverting package, or {@code null} for a local diversion
   */
  record Diversion(String from, String to, String by) {}

  private final InitramfsListing listing;
  private final SortedMap<ImagePath, Node> tree;
  private final List<DpkgStatus.Installed> installed;
  private final SortedMap<String, List<String>> lists;
  private final List<Diversion> diversions;
  private final List<String> problems;
  private final Map<ImagePath, byte[]> kept;
  private final List<ImagePath> goPrograms;

  private ImageScan(
      InitramfsListing listing,
      SortedMap<ImagePath, Node> tree,
      List<DpkgStatus.Installed> installed,
      SortedMap<String, List<String>> lists,
      List<Diversion> diversions,
      List<String> problems,
      Map<ImagePath, byte[]> kept,
      List<ImagePath> goPrograms) {
    this.listing = listing;
    this.tree = Collections.unmodifiableSortedMap(tree);
    this.installed = List.copyOf(installed);
    this.lists = Collections.unmodifiableSortedMap(lists);
    this.diversions = List.copyOf(diversions);
    this.problems = List.copyOf(problems);
    this.kept = Map.copyOf(kept);
    this.goPrograms = List.copyOf(goPrograms);
  }

  /** The ELF files with Go build info, in archive order; empty unless asked for. */
  public List<ImagePath> goPrograms() {
    return goPrograms;
  }

  /**
   * Reads {@code file} once.
   *
   * @param hashContents whether to compute every regular file's SHA-256
   */
  public static ImageScan read(Path file, boolean hashContents)
      throws IOException, InitramfsFormatException {
    return read(file, hashContents, path -> false);
  }

  /**
   * Reads {@code file} once, keeping the content of the regular files {@code keep} accepts (by the
   * name they have in the archive; small files, such as copyright files, are what this is for).
   *
   * @param hashContents whether to compute every regular file's SHA-256
   */
  public static ImageScan read(Path file, boolean hashContents, Predicate<ImagePath> keep)
      throws IOException, InitramfsFormatException {
    return read(file, hashContents, keep, false);
  }

  /**
   * Reads {@code file} once, keeping what {@code keep} accepts and, if asked, telling Go programs
   * apart by the build info the Go linker writes into every executable.
   */
  public static ImageScan read(
      Path file, boolean hashContents, Predicate<ImagePath> keep, boolean findGoPrograms)
      throws IOException, InitramfsFormatException {
    Collector collector = new Collector(hashContents, keep, findGoPrograms);
    InitramfsListing listing = InitramfsReader.read(file, collector);
    return collector.finish(listing);
  }

  /** The archive's own listing. */
  public InitramfsListing listing() {
    return listing;
  }

  /** Every name of the unpacked tree but the root, in archive order. */
  public SortedMap<ImagePath, Node> tree() {
    return tree;
  }

  /** The packages dpkg's status file says are installed; empty when the image has none. */
  public List<DpkgStatus.Installed> installed() {
    return installed;
  }

  /**
   * The paths each package's {@code info/*.list} file names, as written ({@code /bin/ls}), keyed by
   * the file's name without {@code .list} (dpkg's {@code binary:Package}: {@code libc6:arm64} for a
   * Multi-Arch: same package, else the plain name).
   */
  public SortedMap<String, List<String>> lists() {
    return lists;
  }

  List<Diversion> diversions() {
    return diversions;
  }

  /**
   * The kept content of the regular file at {@code path}, following symbolic links as the booted
   * system would (absolute ones from the image's root); empty when it was not kept, is not a
   * regular file or the links loop.
   */
  public Optional<byte[]> keptContent(ImagePath path) {
    ImagePath resolved = resolve(path);
    return resolved == null ? Optional.empty() : Optional.ofNullable(kept.get(resolved));
  }

  /**
   * {@code path} with every symbolic link on the way replaced by its target, as the booted system
   * would see it; null when the links loop.
   */
  public ImagePath resolve(ImagePath path) {
    return resolve(path, 40);
  }

  private ImagePath resolve(ImagePath path, int linksLeft) {
    if (path.isRoot()) {
      return path;
    }
    ImagePath parent = resolve(path.parent(), linksLeft);
    if (parent == null) {
      return null;
    }
    ImagePath here = parent.resolve(path.name());
    Node node = tree.get(here);
    if (node == null || node.type() != FileType.SYMLINK || node.entry().linkTarget() == null) {
      return here;
    }
    if (linksLeft == 0) {
      return null;
    }
    String target = node.entry().linkTarget();
    ImagePath start = target.startsWith("/") ? ImagePath.ROOT : parent;
    ImagePath next = start;
    for (String part : target.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      next = part.equals("..") ? (next.isRoot() ? next : next.parent()) : next.resolve(part);
    }
    return resolve(next, linksLeft - 1);
  }

  /** The archive's structural problems, then entries this scan had to leave out. */
  public List<String> problems() {
    return problems;
  }

  /** The archive's regular-file bytes, each hard-link group counted once. */
  public long regularFileBytes() {
    long bytes = 0;
    for (Node node : tree.values()) {
      if (node.type() == FileType.REGULAR) {
        bytes += node.entry().size();
      }
    }
    return bytes;
  }

  /** Gathers hashes and the dpkg database while the reader scans. */
  private static final class Collector implements InitramfsReader.ContentVisitor {
    private final boolean hashContents;
    private final Predicate<ImagePath> keep;
    private final Map<ImagePath, byte[]> kept = new HashMap<>();
    private final boolean findGoPrograms;
    private final List<ImagePath> goPrograms = new ArrayList<>();

    /** The hash of each regular entry, in archive order; null where not hashed. */
    private final List<String> hashes = new ArrayList<>();

    private List<DpkgStatus.Installed> installed = List.of();
    private final SortedMap<String, List<String>> lists = new TreeMap<>();
    private List<Diversion> diversions = List.of();

    Collector(boolean hashContents, Predicate<ImagePath> keep, boolean findGoPrograms) {
      this.hashContents = hashContents;
      this.keep = keep;
      this.findGoPrograms = findGoPrograms;
    }

    @Override
    public void visit(InitramfsListing.Entry entry, InputStream data) throws IOException {
      MessageDigest digest = hashContents ? Hashing.sha256() : null;
      InputStream in = digest == null ? data : new DigestInputStream(data, digest);
      ImagePath path = pathOf(entry.name());
      if (path != null && !path.isRoot() && entry.size() > 0) {
        if (path.equals(STATUS)) {
          installed = DpkgStatus.read(in);
        } else if (path.equals(DIVERSIONS)) {
          diversions = readDiversions(in);
        } else if (path.parent().equals(INFO) && path.name().endsWith(".list")) {
          String name = path.name();
          lists.put(name.substring(0, name.length() - ".list".length()), readLines(in));
        } else if (keep.test(path)) {
          kept.put(path, in.readAllBytes());
        } else if (findGoPrograms && GoBuildInfo.isGoProgram(in)) {
          goPrograms.add(path);
        }
      }
      if (digest != null) {
        in.transferTo(OutputStream.nullOutputStream());
        hashes.add(HexFormat.of().formatHex(digest.digest()));
      } else {
        hashes.add(null);
      }
    }

    ImageScan finish(InitramfsListing listing) {
      List<String> problems = new ArrayList<>(listing.problems());
      Map<Long, String> groupHashes = new HashMap<>();
      Map<Long, Long> groupSizes = new HashMap<>();
      Iterator<String> hash = hashes.iterator();
      SortedMap<ImagePath, Node> tree = new TreeMap<>();
      for (InitramfsListing.Entry entry : listing.entries()) {
        String sha256 = entry.mode().type() == FileType.REGULAR ? hash.next() : null;
        ImagePath path = pathOf(entry.name());
        if (path == null) {
          problems.add(entry.name() + ": climbs out of the root; left out");
          continue;
        }
        if (path.isRoot()) {
          continue;
        }
        if (entry.hardLinkGroup() != 0 && entry.size() > 0) {
          groupHashes.put(entry.hardLinkGroup(), sha256);
          groupSizes.put(entry.hardLinkGroup(), entry.size());
        }
        tree.put(path, new Node(path, entry, entry.size(), sha256));
      }
      // The data of a hard-link group comes with one of its names, often the last.
      for (Map.Entry<ImagePath, Node> named : tree.entrySet()) {
        Node node = named.getValue();
        long group = node.entry().hardLinkGroup();
        if (group != 0 && node.entry().size() == 0) {
          String sha256 = hashContents ? groupHashes.getOrDefault(group, EMPTY_SHA256) : null;
          named.setValue(
              new Node(node.path(), node.entry(), groupSizes.getOrDefault(group, 0L), sha256));
        }
      }
      return new ImageScan(listing, tree, installed, lists, diversions, problems, kept, goPrograms);
    }
  }

  /** The image path of an archive name, or null when it climbs out of the root. */
  static ImagePath pathOf(String archiveName) {
    String name = archiveName;
    while (name.startsWith("/")) {
      name = name.substring(1);
    }
    try {
      return ImagePath.ofArchiveName(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static List<String> readLines(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = reader.readLine()) != null) {
      if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** dpkg's diversions file: three lines per diversion, from, to and the package (":" local). */
  private static List<Diversion> readDiversions(InputStream in) throws IOException {
    List<String> lines = readLines(in);
    List<Diversion> diversions = new ArrayList<>();
    for (int i = 0; i + 2 < lines.size(); i += 3) {
      String by = lines.get(i + 2);
      diversions.add(new Diversion(lines.get(i), lines.get(i + 1), by.equals(":") ? null : by));
    }
    return diversions;
  }
}
