package org.baseimg.builder.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.internal.Cleanup;

/**
 * Runs a plan's steps in order, each announced as {@code step 3/7: NAME} and timed, with the count
 * known before the first starts. An I/O failure of a step becomes a failure naming the step.
 * Cleaning up is not its job: whoever made the {@link Cleanup} closes it.
 */
public final class StepsRunner {
  private final EventListener events;

  public StepsRunner(EventListener events) {
    this.events = events;
  }

  /** Runs {@code steps} against {@code state}. */
  public void run(List<BuildStep> steps, BuildState state)
      throws BaseimgException, InterruptedException {
    events.on(new Event.PhaseStarted("build", steps.size(), "steps"));
    for (int i = 0; i < steps.size(); i++) {
      BuildStep step = steps.get(i);
      String phase = "step " + (i + 1) + "/" + steps.size() + ": " + step.name();
      long started = System.nanoTime();
      events.on(new Event.PhaseStarted(phase, -1, ""));
      try {
        step.run(state);
      } catch (IOException e) {
        throw new BaseimgException(step.name() + " failed: " + e.getMessage(), e);
      }
      events.on(new Event.Progress("build", i + 1, steps.size()));
      events.on(new Event.PhaseFinished(phase, Duration.ofNanos(System.nanoTime() - started), ""));
    }
  }
}
