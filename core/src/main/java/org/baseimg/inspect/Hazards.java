package org.baseimg.inspect;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.baseimg.initramfs.InitramfsFormatException;
import org.baseimg.inspect.internal.HazardFinder;
import org.baseimg.inspect.internal.ImageScan;
import org.baseimg.internal.Json;

/**
 * What bites teams moving an image from amd64 to arm64, found in the image itself:
 *
 * <ul>
 *   <li>{@link Kind#SHADOWED_LIBRARY}: a library in {@code /usr/local/lib} that a library of the
 *       same name earlier on the loader's path hides. ld.so.conf.d is read in name order, and on
 *       arm64 {@code aarch64-linux-gnu.conf} sorts before {@code libc.conf} (which adds
 *       /usr/local/lib); on amd64 {@code x86_64-linux-gnu.conf} sorts after it. So the same image
 *       loads the local library on amd64 and Debian's on arm64.
 *   <li>{@link Kind#FILE_CAPABILITIES}: a program a package's maintainer script gives file
 *       capabilities ({@code setcap}). A newc initramfs carries no extended attributes, so it runs
 *       without them; where they are set, glibc ignores LD_LIBRARY_PATH and LD_PRELOAD for it.
 *   <li>{@link Kind#GO_PROGRAM}: a Go program (its build info is in the file). Go programs crash at
 *       random under QEMU user emulation, as every build step of a foreign image runs.
 * </ul>
 *
 * @param findings what was found, sorted by kind and path
 */
public record Hazards(List<Hazard> findings) {

  /** A kind of hazard. */
  public enum Kind {
    @JsonProperty("shadowed-library")
    SHADOWED_LIBRARY,
    @JsonProperty("file-capabilities")
    FILE_CAPABILITIES,
    @JsonProperty("go-program")
    GO_PROGRAM
  }

  /**
   * One finding.
   *
   * @param kind what kind
   * @param path the file it concerns
   * @param finding what was found, one sentence
   * @param advice what to do about it, one sentence
   */
  public record Hazard(Kind kind, String path, String finding, String advice) {}

  public Hazards {
    findings = List.copyOf(findings);
  }

  /** The hazards of the initramfs {@code file}. */
  public static Hazards of(Path file) throws IOException, InitramfsFormatException {
    return HazardFinder.find(ImageScan.read(file, false, HazardFinder::wants, true));
  }

  /** This report as JSON. */
  public String toJson() {
    return Json.write(this);
  }
}
