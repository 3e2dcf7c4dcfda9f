package org.baseimg.builder.internal.cache;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.Debootstrap;
import org.baseimg.event.EventListener;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.Hashing;
import org.baseimg.internal.Processes;
import org.baseimg.internal.Trees;

/**
 * Bootstrapped trees kept between builds, keyed by everything that decides what debootstrap makes:
 * suite, architecture, variant, mirror, components, keyring, the suite's Release file as the mirror
 * serves it now, and debootstrap's version. A rebuild that changes only later steps (agent, files,
 * init) copies the tree instead of bootstrapping again; a new point release changes the Release
 * file and so the key.
 */
public final class BaseCache {
  /**
   * Raised whenever baseimg's own steps change what a kept tree holds, so that trees kept by an
   * older baseimg are made again instead of reused. 2: dpkg's unsafe-io moved from a dpkg.cfg.d
   * file, which the cleaner of version 1 removed, into the environment.
   */
  private static final int RECIPE = 2;

  private BaseCache() {}

  /**
   * The suite's Release file as fetched now, the key it gives, and its date.
   *
   * @param key the cache key, hex
   * @param releaseDate the Release file's Date, seconds since 1970: a reproducible clock for the
   *     build
   */
  public record Lookup(String key, long releaseDate, Path directory) {
    public Path tree() {
      return directory.resolve(CacheLayout.TREE);
    }

    public boolean exists() {
      return Files.isDirectory(tree().resolve("usr/bin"))
          && Files.exists(directory.resolve(CacheLayout.COMPLETE));
    }

    /** Records that a build used the tree now, so that pruning keeps the trees in use. */
    public void markUsed() {
      try {
        Files.setLastModifiedTime(
            directory.resolve(CacheLayout.COMPLETE), FileTime.from(Instant.now()));
      } catch (IOException e) {
        // Only pruning's order suffers.
      }
    }
  }

  /**
   * The tree after the profile's packages are installed, keyed by its base and everything apt's
   * result depends on: sources, each extra repository's key and its Release file as served now, the
   * package list. A rebuild that changes only the agent, files or init starts from it.
   */
  public static Lookup packagesLayer(
      Lookup base, ImageSpec spec, URI mirror, Path cacheRoot, List<String> packages)
      throws BaseimgException, InterruptedException {
    List<String> parts =
        new java.util.ArrayList<>(
            List.of(
                "base=" + base.key(),
                "mirror=" + mirror,
                "check-valid-until=" + spec.checkValidUntil(),
                "packages=" + String.join(",", packages)));
    for (ImageSpec.AptRepository repository : spec.repositories()) {
      byte[] release =
          fetchRelease(
              repository.uri(), repository.suite(), "repository " + repository.name() + " at");
      parts.add(
          "repository="
              + repository.name()
              + " "
              + repository.uri()
              + " "
              + repository.suite()
              + " "
              + String.join(",", repository.components())
              + " trusted="
              + repository.trusted()
              + " key="
              + repository.signedBy().map(BaseCache::fileDigest).orElse("none")
              + " release="
              + Hashing.sha256(release));
    }
    String key = key(parts);
    return new Lookup(key, base.releaseDate(), directory(cacheRoot, CacheLayout.LAYERS, spec, key));
  }

  public static Lookup lookup(ImageSpec spec, URI mirror, Path cacheRoot, EventListener events)
      throws BaseimgException, InterruptedException {
    byte[] release = fetchRelease(mirror, spec.suite(), "mirror");
    List<String> parts =
        List.of(
            "recipe=" + RECIPE,
            "suite=" + spec.suite(),
            "arch=" + spec.arch().debianName(),
            "variant=" + spec.variant(),
            "mirror=" + mirror,
            "components=" + String.join(",", spec.components()),
            "keyring=" + spec.keyring().map(BaseCache::fileDigest).orElse("default"),
            "check-signatures=" + spec.checkSignatures(),
            "debootstrap=" + Debootstrap.version(),
            "release=" + Hashing.sha256(release));
    String key = key(parts);
    return new Lookup(
        key, releaseDate(release), directory(cacheRoot, CacheLayout.BASES, spec, key));
  }

  /** The first 24 hex digits of the SHA-256 of {@code parts}, one a line. */
  private static String key(List<String> parts) {
    MessageDigest digest = Hashing.sha256();
    for (String part : parts) {
      digest.update((part + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 24);
  }

  /** {@code <cacheRoot>/<kind>/<suite>-<arch>-<key>}. */
  private static Path directory(Path cacheRoot, String kind, ImageSpec spec, String key) {
    return cacheRoot
        .resolve(kind)
        .resolve(spec.suite() + "-" + spec.arch().debianName() + "-" + key);
  }

  private static byte[] fetchRelease(URI mirror, String suite, String what)
      throws BaseimgException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    String base = mirror.toString().endsWith("/") ? mirror.toString() : mirror + "/";
    BaseimgException last = null;
    for (String name : List.of("InRelease", "Release")) {
      URI uri = URI.create(base + "dists/" + suite + "/" + name);
      try {
        HttpResponse<byte[]> response =
            client.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 200) {
          return response.body();
        }
        last =
            new BadInputException(
                "suite "
                    + suite
                    + " is not on "
                    + mirror
                    + " ("
                    + uri
                    + " answered "
                    + response.statusCode()
                    + "); check the suite and the URI");
      } catch (IOException e) {
        throw new BaseimgException(
            what
                + " "
                + mirror
                + " does not answer ("
                + uri
                + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + ")",
            e);
      }
    }
    throw last;
  }

  /** The Release file's Date: field, seconds since 1970. */
  static long releaseDate(byte[] release) throws BaseimgException {
    for (String line : new String(release, StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("Date:")) {
        // Debian writes e.g. "Sat, 11 Jul 2026 10:16:37 UTC", which RFC_1123_DATE_TIME refuses.
        return ZonedDateTime.parse(
                line.substring(5).trim(),
                DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss z", Locale.ROOT))
            .toEpochSecond();
      }
    }
    throw new BaseimgException("the suite's Release file has no Date field");
  }

  /** Keeps a tree under its key; concurrent builds of the same key keep one copy. */
  public static void store(Lookup lookup, Path tree, EventListener events)
      throws BaseimgException, InterruptedException {
    Path partial =
        lookup
            .directory()
            .resolveSibling(
                lookup.directory().getFileName()
                    + CacheLayout.PARTIAL
                    + ProcessHandle.current().pid());
    try {
      Files.createDirectories(partial);
      copyTree(tree, partial.resolve(CacheLayout.TREE), events);
      Files.writeString(partial.resolve(CacheLayout.COMPLETE), lookup.key() + "\n");
      try {
        Files.move(partial, lookup.directory());
      } catch (java.nio.file.FileAlreadyExistsException
          | java.nio.file.DirectoryNotEmptyException e) {
        // Another build kept the same tree first.
        Trees.delete(partial);
      }
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot keep the bootstrapped tree in " + lookup.directory() + ": " + e.getMessage(), e);
    }
  }

  /** Copies a tree with everything (owners, devices, hard links, xattrs), reflinks where it can. */
  public static void copyTree(Path from, Path to, EventListener events)
      throws BaseimgException, InterruptedException {
    Processes.run(
        Processes.Command.of(
            "copy tree", "cp", "-a", "--reflink=auto", from.toString() + "/.", to.toString()),
        events);
  }

  /** The file's SHA-256, or its path when it cannot be read. */
  private static String fileDigest(Path file) {
    try {
      return Hashing.sha256(file);
    } catch (IOException e) {
      return file.toString();
    }
  }
}
