package org.baseimg.debian.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.internal.Trees;

/**
 * Checks an inline-signed file ({@code InRelease}) with {@code gpgv} against one keyring and hands
 * back only the signed text, as apt does: at least one good signature by a key of the keyring is
 * required, and a bad signature fails however many good ones there are; signatures by keys the
 * keyring lacks are ignored.
 */
public final class Gpgv {
  private static final long TIMEOUT_SECONDS = 60;

  private Gpgv() {}

  /**
   * Verifies {@code signed} and returns the text that the signature covers.
   *
   * @param keyring an OpenPGP keyring file, e.g. {@code debian-archive-keyring.gpg}
   * @param description what {@code signed} is, for messages, e.g. its URL
   */
  public static String verify(Path signed, Path keyring, String description)
      throws BaseimgException, InterruptedException {
    if (!Files.isRegularFile(keyring)) {
      throw new BadInputException(
          "keyring "
              + keyring
              + " does not exist: apt-get install debian-archive-keyring, or give another keyring");
    }
    Path work;
    try {
      work = Files.createTempDirectory("baseimg-gpgv-");
    } catch (IOException e) {
      throw new BaseimgException("cannot create a temporary directory for gpgv: " + e, e);
    }
    try {
      Path output = work.resolve("signed.txt");
      Path status = work.resolve("status.txt");
      Path errors = work.resolve("stderr.txt");
      List<String> command =
          List.of(
              "gpgv",
              "--status-fd",
              "1",
              "--weak-digest",
              "sha1",
              "--keyring",
              keyring.toAbsolutePath().toString(),
              "--output",
              output.toString(),
              signed.toAbsolutePath().toString());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(status.toFile())
              .redirectError(errors.toFile());
      // gpgv must not read or write the user's ~/.gnupg.
      builder.environment().put("GNUPGHOME", work.toString());
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new BaseimgException(
            "gpgv is not installed (" + e.getMessage() + "): apt-get install gpgv", e);
      }
      int exit;
      try {
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new BaseimgException(
              "gpgv did not finish within " + TIMEOUT_SECONDS + " s checking " + description);
        }
        exit = process.exitValue();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw e;
      }
      String statusText = read(status);
      Verdict verdict = Verdict.of(statusText);
      if (!verdict.good()) {
        String stderr = read(errors).strip();
        throw new BaseimgException(
            "the signature of "
                + description
                + " does not verify against "
                + keyring
                + ": "
                + verdict.reason()
                + (stderr.isEmpty() ? "" : " (gpgv exit " + exit + ": " + lastLine(stderr) + ")"));
      }
      if (!Files.isRegularFile(output)) {
        throw new BaseimgException(
            "gpgv accepted " + description + " but wrote no signed text (exit " + exit + ")");
      }
      return read(output);
    } finally {
      deleteTree(work);
    }
  }

  /**
   * What gpgv's status lines say.
   *
   * @param good whether one signature is good and none is bad
   * @param reason why not, when not good
   */
  record Verdict(boolean good, String reason) {
    static Verdict of(String statusText) {
      boolean anyGood = false;
      List<String> bad = new ArrayList<>();
      Set<String> problems = new LinkedHashSet<>();
      boolean goodInBlock = false;
      boolean validInBlock = false;
      for (String line : statusText.split("\n")) {
        if (!line.startsWith("[GNUPG:] ")) {
          continue;
        }
        String[] words = line.substring(9).strip().split(" ");
        switch (words[0]) {
          case "NEWSIG":
            anyGood |= goodInBlock && validInBlock;
            goodInBlock = false;
            validInBlock = false;
            break;
          case "GOODSIG":
            goodInBlock = true;
            break;
          case "VALIDSIG":
            validInBlock = true;
            break;
          case "BADSIG":
            bad.add(words.length > 1 ? words[1] : "?");
            break;
          case "NO_PUBKEY":
            problems.add(
                "signed by key " + arg(words) + ", which is not in the keyring (is it current?)");
            break;
          case "EXPKEYSIG":
            problems.add("signed by key " + arg(words) + ", which has expired");
            break;
          case "REVKEYSIG":
            problems.add("signed by key " + arg(words) + ", which has been revoked");
            break;
          case "EXPSIG":
            problems.add("the signature has expired");
            break;
          case "ERRSIG":
            problems.add("a signature could not be checked (key " + arg(words) + ")");
            break;
          case "NODATA":
            problems.add("the file holds no signed data (not an InRelease file?)");
            break;
          default:
            break;
        }
      }
      anyGood |= goodInBlock && validInBlock;
      if (!bad.isEmpty()) {
        return new Verdict(
            false, "BAD signature by key " + String.join(", ", bad) + " (tampered or corrupt)");
      }
      if (anyGood) {
        return new Verdict(true, "");
      }
      if (problems.isEmpty()) {
        problems.add("no good signature");
      }
      return new Verdict(false, String.join("; ", problems));
    }

    private static String arg(String[] words) {
      return words.length > 1 ? words[1] : "?";
    }
  }

  private static String read(Path file) throws BaseimgException {
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new BaseimgException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.split("\n");
    return lines[lines.length - 1].strip();
  }

  private static void deleteTree(Path directory) {
    try {
      Trees.delete(directory);
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
