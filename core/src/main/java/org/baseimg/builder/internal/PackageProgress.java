package org.baseimg.builder.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;

/**
 * Turns the lines debootstrap and apt print into progress: how many packages have been unpacked and
 * configured of how many. Passes every event on unchanged and adds {@link Event.Progress} (after an
 * {@link Event.PhaseStarted} once the total is known), so a front end can show a bar and a time
 * left for the longest parts of a build, which run under emulation.
 *
 * <p>debootstrap names each package once while fetching it ({@code I: Retrieving P V} or, from the
 * cache, {@code I: Validating P V}) and later prints {@code I: Unpacking P...} and {@code I:
 * Configuring P...} in its second stage. apt says how many packages it will install ({@code 1
 * upgraded, 12 newly installed, ...}), then dpkg prints {@code Unpacking P (V) ...} and {@code
 * Setting up P (V) ...} for each.
 */
public final class PackageProgress implements EventListener {
  static final String DEBOOTSTRAP = "debootstrap packages";
  static final String APT = "apt packages";
  static final String UNIT = "unpacks and configures";

  private static final Pattern FETCHED = Pattern.compile("I: (?:Retrieving|Validating) (\\S+) .*");
  private static final Pattern SECOND_STAGE =
      Pattern.compile("I: (?:Installing core packages|Unpacking required packages)\\.\\.\\.");
  private static final Pattern DEBOOTSTRAP_ACTION =
      Pattern.compile("I: (?:Unpacking|Configuring) \\S+\\.\\.\\.");
  private static final Pattern DEBOOTSTRAP_DONE =
      Pattern.compile("I: Base system installed successfully\\.");
  private static final Pattern APT_SUMMARY =
      Pattern.compile("(\\d+) upgraded, (\\d+) newly installed, .*");
  private static final Pattern DPKG_ACTION = Pattern.compile("(?:Unpacking|Setting up) \\S+ .*");

  private final EventListener next;
  private final Set<String> fetched = new HashSet<>();
  private String phase;
  private long done;
  private long total;

  public PackageProgress(EventListener next) {
    this.next = next;
  }

  @Override
  public synchronized void on(Event event) {
    next.on(event);
    if (event instanceof Event.ToolOutput output) {
      read(output.line().strip());
    }
  }

  private void read(String line) {
    Matcher fetchedLine = FETCHED.matcher(line);
    Matcher summary = APT_SUMMARY.matcher(line);
    if (fetchedLine.matches()) {
      fetched.add(fetchedLine.group(1));
    } else if (SECOND_STAGE.matcher(line).matches() && phase == null && !fetched.isEmpty()) {
      start(DEBOOTSTRAP, fetched.size());
    } else if (DEBOOTSTRAP_DONE.matcher(line).matches()) {
      fetched.clear();
      phase = null;
    } else if (summary.matches()) {
      long packages = Long.parseLong(summary.group(1)) + Long.parseLong(summary.group(2));
      phase = null;
      if (packages > 0) {
        start(APT, packages);
      }
    } else if (phase != null && actionOf(line)) {
      done = Math.min(total, done + 1);
      next.on(new Event.Progress(phase, done, total));
    }
  }

  private boolean actionOf(String line) {
    return phase.equals(DEBOOTSTRAP)
        ? DEBOOTSTRAP_ACTION.matcher(line).matches()
        : DPKG_ACTION.matcher(line).matches();
  }

  private void start(String name, long packages) {
    phase = name;
    done = 0;
    total = 2 * packages;
    next.on(new Event.PhaseStarted(name, total, UNIT));
  }
}
