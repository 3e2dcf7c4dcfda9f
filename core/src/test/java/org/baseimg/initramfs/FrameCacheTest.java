package org.baseimg.initramfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zstd archives as frames cut where the content says, and the frame cache: the same bytes with and
 * without it, one changed file recompressing one frame, and the cache held to its limit.
 */
class FrameCacheTest {
  private static final Compression ZSTD_3 = Compression.of(Compression.Format.ZSTD, 3);

  @TempDir Path temp;

  /** About 48 MiB in 3,000 files of compressible text: several zstd frames. */
  private static RootfsSource tree(String changedFile) {
    List<RootfsEntry> entries = new ArrayList<>();
    Random random = new Random(7);
    String[] words = {"kernel", "initramfs", "arm64", "debian", "cpio", "zstd", "frame", "\n"};
    for (int i = 0; i < 3000; i++) {
      StringBuilder text = new StringBuilder();
      int length = 8 * 1024 + random.nextInt(16 * 1024);
      while (text.length() < length) {
        text.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
      }
      String name = String.format("/data/%02d/file-%04d", i / 100, i);
      if (name.equals(changedFile)) {
        text.append("changed, and longer than before\n");
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
      entries.add(
          RootfsEntry.regular(
              ImagePath.of(name),
              0644,
              0,
              0,
              0,
              bytes.length,
              () -> new ByteArrayInputStream(bytes)));
    }
    return RootfsSource.of(entries, "text tree");
  }

  private static byte[] pack(RootfsSource source, FrameCache cache) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InitramfsWriter writer =
        InitramfsWriter.create(
            PackOptions.defaults().withCompression(ZSTD_3).withEpoch(0), EventListener.NONE);
    if (cache != null) {
      writer = writer.withFrameCache(cache);
    }
    writer.write(source, out);
    return out.toByteArray();
  }

  private static List<Path> frames(Path directory) throws Exception {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(f -> f.toString().endsWith(".frame")).sorted().toList();
    }
  }

  /** zstd's own count of the frames in {@code archive}, and a check of every frame's checksum. */
  private int zstdFrames(byte[] archive) throws Exception {
    Path file = Files.write(temp.resolve("count.zst"), archive);
    NativeTools.Result listed = NativeTools.run(List.of("zstd", "-lv", file.toString()));
    String line =
        listed.stdout().lines().filter(l -> l.contains("Frames:")).findFirst().orElseThrow();
    return Integer.parseInt(line.replaceAll(".*Frames: *", "").trim());
  }

  @Test
  void pack_zstd_cutsSeveralFramesThatZstdDecompressesToTheCpioStream() throws Exception {
    byte[] archive = pack(tree(""), null);
    assertThat(zstdFrames(archive)).isGreaterThan(2);

    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    InitramfsWriter.create(
            PackOptions.defaults().withCompression(Compression.none()).withEpoch(0),
            EventListener.NONE)
        .write(tree(""), plain);
    Path compressed = Files.write(temp.resolve("a.cpio.zst"), archive);
    Path decompressed = temp.resolve("a.cpio");
    NativeTools.decompress(compressed, decompressed);
    assertThat(Files.readAllBytes(decompressed)).isEqualTo(plain.toByteArray());
  }

  @Test
  void pack_withTheFrameCache_givesTheSameBytesAndReusesEveryFrame() throws Exception {
    FrameCache cache = FrameCache.at(temp.resolve("frames"));
    byte[] without = pack(tree(""), null);

    byte[] first = pack(tree(""), cache);
    List<Path> framesAfterFirst = frames(cache.directory());
    byte[] second = pack(tree(""), cache);

    assertThat(first).isEqualTo(without);
    assertThat(second).isEqualTo(without);
    assertThat(framesAfterFirst).hasSize(zstdFrames(without));
    assertThat(frames(cache.directory())).isEqualTo(framesAfterFirst);
  }

  @Test
  void pack_oneFileChanged_compressesOnlyItsFrameAgain() throws Exception {
    FrameCache cache = FrameCache.at(temp.resolve("frames"));
    pack(tree(""), cache);
    List<Path> before = frames(cache.directory());

    byte[] changed = pack(tree("/data/12/file-1234"), cache);

    assertThat(changed).isEqualTo(pack(tree("/data/12/file-1234"), null));
    List<Path> added = new ArrayList<>(frames(cache.directory()));
    added.removeAll(before);
    assertThat(added).as("the changed file's frame, and no other").hasSize(1);
  }

  @Test
  void pack_cacheOverItsLimit_keepsItUnderTheLimit() throws Exception {
    long limit = 4L << 20;
    FrameCache cache = new FrameCache(temp.resolve("frames"), limit);

    byte[] archive = pack(tree(""), cache);

    assertThat(archive).isEqualTo(pack(tree(""), null));
    long kept = 0;
    for (Path frame : frames(cache.directory())) {
      kept += Files.size(frame);
    }
    assertThat(kept).isPositive().isLessThanOrEqualTo(limit);
  }
}
