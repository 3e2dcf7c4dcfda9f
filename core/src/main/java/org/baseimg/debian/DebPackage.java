package org.baseimg.debian;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.debian.internal.DebReader;
import org.baseimg.internal.AtomicFile;

/**
 * A Debian binary package file ({@code .deb}) on the host, checked against the archive's signed
 * index.
 *
 * @param file where it is
 * @param name the package name, e.g. {@code busybox-static}
 * @param version its version, e.g. {@code 1:1.35.0-4+deb12u1+b1}
 * @param architecture its architecture, e.g. {@code arm64} or {@code all}
 * @param sha256 the file's SHA-256, lower-case hex
 */
public record DebPackage(
    Path file, String name, String version, String architecture, String sha256) {
  public DebPackage {
    if (file == null || name == null || version == null || architecture == null) {
      throw new IllegalArgumentException("a package needs a file, name, version and architecture");
    }
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
    }
  }

  /**
   * Extracts one regular file of the package to {@code target}, without dpkg, keeping its
   * permission bits (setuid and friends dropped). {@code target} appears complete or not at all;
   * its directory must exist.
   *
   * @param path the file's path in the package, e.g. {@code bin/busybox} ({@code ./bin/busybox} and
   *     {@code /bin/busybox} mean the same)
   * @return {@code target}
   * @throws BadInputException when the package has no regular file at {@code path}
   * @throws BaseimgException when the package cannot be read or the target cannot be written
   */
  public Path extract(String path, Path target) throws BaseimgException {
    String wanted = path.startsWith("./") ? path.substring(2) : path;
    while (wanted.startsWith("/")) {
      wanted = wanted.substring(1);
    }
    return extract(Pattern.compile(Pattern.quote(wanted)), wanted, target);
  }

  /**
   * Like {@link #extract(String, Path)} with a regular expression over the path; {@code
   * description} names what is wanted in messages.
   */
  Path extract(Pattern pattern, String description, Path target) throws BaseimgException {
    try (InputStream in = Files.newInputStream(file);
        AtomicFile out = AtomicFile.create(target)) {
      int[] mode = {0644};
      DebReader.extract(
          in,
          pattern,
          description,
          (name, entryMode, content) -> {
            OutputStream stream = out.stream();
            content.transferTo(stream);
            mode[0] = entryMode & 0777;
          });
      out.commit();
      Files.setPosixFilePermissions(target, permissions(mode[0]));
      return target;
    } catch (DebReader.DebFormatException e) {
      throw new BadInputException(file + " (" + name + " " + version + "): " + e.getMessage(), e);
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot extract " + description + " from " + file + " to " + target + ": " + e, e);
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        permissions.add(order[bit]);
      }
    }
    return permissions;
  }
}
