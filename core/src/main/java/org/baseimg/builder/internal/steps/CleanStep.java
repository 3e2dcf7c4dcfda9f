package org.baseimg.builder.internal.steps;

import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.BuildEnvironment;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.BuildStep;
import org.baseimg.event.EventListener;
import org.baseimg.internal.ShellScript;

/**
 * Removes build-time state ({@code clean.sh}: apt's lists and caches, logs, the machine id, host
 * keys, Python byte code, salt's id and keys, the build host's name and resolver), then unmounts
 * what commands in the image needed. It runs inside the image, so every environment shares it.
 */
public final class CleanStep implements BuildStep {
  private static final ShellScript CLEAN = ShellScript.of(CleanStep.class, "clean.sh");

  private final BuildEnvironment environment;
  private final EventListener events;

  public CleanStep(BuildEnvironment environment, EventListener events) {
    this.environment = environment;
    this.events = events;
  }

  @Override
  public String name() {
    return "clean";
  }

  @Override
  public void run(BuildState state) throws BaseimgException, InterruptedException {
    state.target().run("clean", CLEAN, events);
    environment.unmount();
  }
}
