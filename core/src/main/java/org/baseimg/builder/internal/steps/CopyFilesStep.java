package org.baseimg.builder.internal.steps;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.BuildStep;
import org.baseimg.builder.internal.Target;
import org.baseimg.event.EventListener;
import org.baseimg.image.ImageSpec;

/** Copies the profile's files in, with their modes and owners (names looked up in the image). */
public final class CopyFilesStep implements BuildStep {
  private final ImageSpec spec;
  private final EventListener events;

  public CopyFilesStep(ImageSpec spec, EventListener events) {
    this.spec = spec;
    this.events = events;
  }

  @Override
  public String name() {
    return "copy files";
  }

  @Override
  public void run(BuildState state) throws BaseimgException, InterruptedException, IOException {
    Target target = state.target();
    for (ImageSpec.OverlayFile file : spec.files()) {
      target.copyIn(file.source(), file.destination(), file.mode());
      target.run(
          "chown " + file.destination(),
          List.of("chown", "-h", file.owner() + ":" + file.group(), file.destination().toString()),
          events);
      // chown clears setuid and setgid: set the mode again afterwards.
      target.run(
          "chmod " + file.destination(),
          List.of(
              "chmod",
              String.format(Locale.ROOT, "%04o", file.mode()),
              file.destination().toString()),
          events);
    }
  }
}
