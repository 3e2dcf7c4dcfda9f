package org.baseimg.initramfs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.baseimg.initramfs.FrameCache;
import org.baseimg.internal.Hashing;

/**
 * The files of a {@link FrameCache}: {@code DIR/ab/abcdef....frame}, named by the SHA-256 of the
 * codec's identity and the uncompressed segment. Written aside and renamed, so a reader sees a
 * whole frame or none; a frame's modification time is its last use, which eviction reads.
 */
final class FrameFiles {
  private static final String SUFFIX = ".frame";

  private final FrameCache cache;

  FrameFiles(FrameCache cache) {
    this.cache = cache;
  }

  /** The name of {@code segment} compressed by the codec called {@code codecIdentity}. */
  static String key(String codecIdentity, ByteChunks segment) throws IOException {
    MessageDigest sha256 = Hashing.sha256();
    sha256.update(codecIdentity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    sha256.update((byte) 0);
    segment.forEachChunk((chunk, length) -> sha256.update(chunk, 0, length));
    return HexFormat.of().formatHex(sha256.digest());
  }

  private Path path(String key) {
    return cache.directory().resolve(key.substring(0, 2)).resolve(key + SUFFIX);
  }

  /** The frame kept under {@code key}, marked as used now; empty when there is none. */
  Optional<ByteChunks> find(String key) throws IOException {
    Path path = path(key);
    ByteChunks frame = new ByteChunks();
    try (InputStream in = Files.newInputStream(path)) {
      in.transferTo(frame);
    } catch (NoSuchFileException missing) {
      return Optional.empty();
    }
    Files.setLastModifiedTime(path, FileTime.fromMillis(System.currentTimeMillis()));
    return Optional.of(frame);
  }

  /** Keeps {@code frame} under {@code key}. */
  void keep(String key, ByteChunks frame) throws IOException {
    Path path = path(key);
    Files.createDirectories(path.getParent());
    Path pending = Files.createTempFile(path.getParent(), ".pending-", SUFFIX);
    try {
      try (var out = Files.newOutputStream(pending)) {
        frame.writeTo(out);
      }
      try {
        Files.move(pending, path, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(pending, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(pending);
    }
  }

  /** Removes the least recently used frames until the rest fit the cache's limit. */
  void evict() throws IOException {
    if (!Files.isDirectory(cache.directory())) {
      return;
    }
    record Frame(Path path, long bytes, FileTime used) {}
    List<Frame> frames = new ArrayList<>();
    long total = 0;
    try (Stream<Path> files = Files.walk(cache.directory(), 2)) {
      for (Path file : files.filter(f -> f.toString().endsWith(SUFFIX)).toList()) {
        try {
          BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
          frames.add(new Frame(file, attributes.size(), attributes.lastModifiedTime()));
          total += attributes.size();
        } catch (NoSuchFileException goneMeanwhile) {
          // Another writer evicted it.
        }
      }
    }
    frames.sort(Comparator.comparing(Frame::used).thenComparing(Frame::path));
    for (Frame frame : frames) {
      if (total <= cache.limitBytes()) {
        break;
      }
      Files.deleteIfExists(frame.path());
      total -= frame.bytes();
    }
  }
}
