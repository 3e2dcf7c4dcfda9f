package org.baseimg.testing;

import static org.baseimg.testing.LocalAptRepository.COMPONENT;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the unsigned files of a {@link LocalAptRepository}: the pool, a {@code Packages} index
 * (plain and gzipped) per architecture and the {@code Release} file with their SHA256 sums. Signing
 * is the repository's own job, since it holds the key.
 */
final class AptRepositoryFiles {
  private static final DateTimeFormatter RELEASE_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  /** A package copied into the pool: its architecture and its stanza for the index. */
  private record Pooled(String arch, String stanza) {}

  private AptRepositoryFiles() {}

  /**
   * Writes {@code pool/} and {@code dists/<suite>/} under {@code directory}.
   *
   * @param architectures every package must be {@code Architecture: all} or one of them
   */
  static void write(Path directory, String suite, List<String> architectures, List<Path> debs)
      throws IOException, InterruptedException {
    Map<String, StringBuilder> indexes = new LinkedHashMap<>();
    architectures.forEach(arch -> indexes.put(arch, new StringBuilder()));
    for (Path deb : debs.stream().sorted().toList()) {
      Pooled pooled = pool(directory, deb, architectures);
      for (Map.Entry<String, StringBuilder> index : indexes.entrySet()) {
        if (pooled.arch().equals("all") || pooled.arch().equals(index.getKey())) {
          index.getValue().append(pooled.stanza());
        }
      }
    }
    Path dists = directory.resolve("dists").resolve(suite);
    String sums = writeIndexes(dists, indexes);
    writeRelease(dists, suite, architectures, sums);
  }

  /** Copies {@code deb} to Debian's place in the pool; returns its index stanza. */
  private static Pooled pool(Path directory, Path deb, List<String> architectures)
      throws IOException, InterruptedException {
    String control = NativeTools.run(List.of("dpkg-deb", "--field", deb.toString())).stdout();
    String name = field(control, "Package", deb);
    String version = field(control, "Version", deb);
    String arch = field(control, "Architecture", deb);
    if (!arch.equals("all") && !architectures.contains(arch)) {
      throw new IllegalArgumentException(
          deb + " is for " + arch + ", which is not among " + architectures);
    }
    String source = fieldOrNull(control, "Source");
    String poolName = source == null ? name : source.split(" ")[0];
    String prefix =
        poolName.startsWith("lib") ? poolName.substring(0, 4) : poolName.substring(0, 1);
    // Debian's file name leaves out the epoch.
    String fileName = name + "_" + version.replaceFirst("^[0-9]+:", "") + "_" + arch + ".deb";
    String filename = "pool/" + COMPONENT + "/" + prefix + "/" + poolName + "/" + fileName;
    Path pooled = directory.resolve(filename);
    Files.createDirectories(pooled.getParent());
    Files.copy(deb, pooled, StandardCopyOption.REPLACE_EXISTING);

    byte[] bytes = Files.readAllBytes(pooled);
    String stanza =
        control.strip()
            + "\nFilename: "
            + filename
            + "\nSize: "
            + bytes.length
            + "\nMD5sum: "
            + hex("MD5", bytes)
            + "\nSHA256: "
            + hex("SHA-256", bytes)
            + "\n\n";
    return new Pooled(arch, stanza);
  }

  /** Writes {@code Packages} and {@code Packages.gz} per architecture; returns their sum lines. */
  private static String writeIndexes(Path dists, Map<String, StringBuilder> indexes)
      throws IOException {
    StringBuilder sums = new StringBuilder();
    for (Map.Entry<String, StringBuilder> index : indexes.entrySet()) {
      String binary = COMPONENT + "/binary-" + index.getKey() + "/";
      byte[] packages = index.getValue().toString().getBytes(StandardCharsets.UTF_8);
      byte[] packagesGz = gzip(packages);
      Files.createDirectories(dists.resolve(binary));
      Files.write(dists.resolve(binary + "Packages"), packages);
      Files.write(dists.resolve(binary + "Packages.gz"), packagesGz);
      sums.append(sumLine(packages, binary + "Packages"));
      sums.append(sumLine(packagesGz, binary + "Packages.gz"));
    }
    return sums.toString();
  }

  private static void writeRelease(
      Path dists, String suite, List<String> architectures, String sums) throws IOException {
    // Date must be now, not a fixed value: apt rejects a Release dated in the future.
    String release =
        """
        Origin: baseimg-test
        Label: baseimg-test
        Suite: %1$s
        Codename: %1$s
        Date: %2$s
        Architectures: %3$s
        Components: %4$s
        Description: baseimg test repository, signed with a throwaway key
        Acquire-By-Hash: no
        SHA256:
        %5$s"""
            .formatted(
                suite,
                RELEASE_DATE.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)),
                String.join(" ", architectures),
                COMPONENT,
                sums);
    Files.writeString(dists.resolve("Release"), release, StandardCharsets.UTF_8);
  }

  private static String field(String control, String name, Path deb) {
    String value = fieldOrNull(control, name);
    if (value == null) {
      throw new IllegalArgumentException(deb + " has no " + name + " field in its control file");
    }
    return value;
  }

  private static String fieldOrNull(String control, String name) {
    return control
        .lines()
        .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
        .map(line -> line.substring(name.length() + 1).strip())
        .findFirst()
        .orElse(null);
  }

  private static String sumLine(byte[] content, String name) {
    return " %s %8d %s\n".formatted(hex("SHA-256", content), content.length, name);
  }

  private static String hex(String algorithm, byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has " + algorithm, e);
    }
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(content);
    }
    return out.toByteArray();
  }
}
