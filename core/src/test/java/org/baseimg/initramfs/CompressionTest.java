package org.baseimg.initramfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.baseimg.initramfs.Packing.list;
import static org.baseimg.initramfs.Packing.options;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionTest {
  @TempDir Path temp;

  /** About 20 MiB of compressible files: enough for several gzip segments. */
  private static RootfsSource textTree() {
    List<RootfsEntry> entries = new ArrayList<>();
    Random random = new Random(42);
    String[] words = {"kernel", "initramfs", "arm64", "debian", "cpio", "zstd", "segment", "\n"};
    for (int i = 0; i < 40; i++) {
      StringBuilder text = new StringBuilder();
      while (text.length() < 512 * 1024) {
        text.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
      }
      byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      entries.add(
          RootfsEntry.regular(
              ImagePath.of(String.format("/data/file-%02d", i)),
              0644,
              0,
              0,
              0,
              bytes.length,
              () -> new ByteArrayInputStream(bytes)));
    }
    return RootfsSource.of(entries, "text tree");
  }

  private static byte[] pack(Compression compression, int threads) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InitramfsWriter.create(options(compression), EventListener.NONE)
        .withThreads(threads)
        .write(textTree(), out);
    return out.toByteArray();
  }

  /**
   * Decompresses with the format's own command-line tool ({@code gzip}, {@code xz}, {@code zstd}),
   * not the library that compressed; a missing tool fails the test naming its package.
   */
  private byte[] decompress(Compression.Format format, byte[] data) throws Exception {
    if (format == Compression.Format.NONE) {
      return data;
    }
    Path compressed = Files.write(temp.resolve("compressed." + format), data);
    Path plain = temp.resolve("plain." + format);
    NativeTools.decompress(compressed, plain);
    return Files.readAllBytes(plain);
  }

  @ParameterizedTest
  @EnumSource(Compression.Format.class)
  void pack_eachCompression_decompressesToTheSameCpioStream(Compression.Format format)
      throws Exception {
    byte[] plain = pack(Compression.none(), 2);
    byte[] compressed =
        pack(
            Compression.of(format, format == Compression.Format.ZSTD ? 3 : format.defaultLevel()),
            2);

    assertThat(decompress(format, compressed)).isEqualTo(plain);
    InitramfsListing listing = list(compressed, temp);
    assertThat(listing.problems()).isEmpty();
    assertThat(listing.entries())
        .isEqualTo(
            list(plain, temp).entries().stream()
                .map(
                    entry ->
                        new InitramfsListing.Entry(
                            entry.name(),
                            entry.mode(),
                            entry.uid(),
                            entry.gid(),
                            entry.nlink(),
                            entry.mtime(),
                            entry.size(),
                            entry.linkTarget(),
                            entry.inode(),
                            entry.rdevMajor(),
                            entry.rdevMinor(),
                            listing.entries().stream()
                                .filter(e -> e.name().equals(entry.name()))
                                .findFirst()
                                .orElseThrow()
                                .segment(),
                            entry.hardLinkGroup()))
                .toList());
  }

  @Test
  void pack_gzip_splitsIntoSeveralSegmentsAtEntryBoundaries() throws Exception {
    InitramfsListing listing = list(pack(Compression.of(Compression.Format.GZIP), 2), temp);
    assertThat(listing.segments()).hasSizeGreaterThan(1);
    assertThat(listing.segments()).allMatch(segment -> segment.compression().equals("gzip"));
    assertThat(listing.problems()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.Format.class,
      names = {"GZIP", "ZSTD"})
  void pack_outputDoesNotDependOnTheNumberOfThreads(Compression.Format format) throws Exception {
    Compression compression = Compression.of(format, format == Compression.Format.ZSTD ? 3 : 6);
    assertThat(pack(compression, 1))
        .isEqualTo(pack(compression, 2))
        .isEqualTo(pack(compression, 4));
  }

  @Test
  void pack_gzip_writesNeitherNameNorTimeAndMarksUnix() throws Exception {
    byte[] gz = pack(Compression.of(Compression.Format.GZIP), 2);
    assertThat(gz[3]).as("flags: no name, no comment").isZero();
    assertThat(new byte[] {gz[4], gz[5], gz[6], gz[7]}).as("mtime").containsOnly(0);
    assertThat(gz[9]).as("OS").isEqualTo((byte) 3);
  }

  @Test
  void pack_xz_usesTheCrc32CheckTheKernelAccepts() throws Exception {
    byte[] xz = pack(Compression.of(Compression.Format.XZ, 0), 2);
    // Stream flags, second byte: the check type; 0x01 is CRC32 (CRC64 would be 0x04).
    assertThat(xz[7]).isEqualTo((byte) 0x01);
  }
}
