package org.baseimg.builder.internal.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baseimg.BaseimgException;
import org.baseimg.builder.Prerequisites;
import org.baseimg.builder.internal.Debootstrap;
import org.baseimg.builder.internal.host.Mounts;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.Cleanup;
import org.baseimg.internal.ConsoleLines;
import org.baseimg.internal.Processes;
import org.baseimg.internal.ShellScript;

/**
 * The image a build container starts from: the suite's Debian for the target platform with
 * debootstrap in it, tagged {@code baseimg/builder:SUITE-ARCH}. Used when the engine has it;
 * otherwise made from {@code debian:SUITE-slim} pulled for the platform when a registry answers;
 * otherwise made without any registry, from a minbase tree with debootstrap bootstrapped on this
 * host and built {@code FROM scratch} with the platform set ({@code docker import} would label it
 * with the engine's own platform).
 */
final class BuilderImage {
  /** Labels a builder image with the suite and architecture it was made for. */
  static final String LABEL = "org.baseimg.builder";

  /** A step of a classic build names the image it committed: {@code ---> 0123456789ab}. */
  private static final Pattern COMMITTED = Pattern.compile("^ ---> ([0-9a-f]{12,64})$");

  /** How the builder image came to be. */
  enum Source {
    PRESENT("present on the engine"),
    PULLED("pulled for the platform, debootstrap added"),
    MADE("made locally without a registry");

    private final String description;

    Source(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }
  }

  /**
   * The image to start build containers from.
   *
   * @param tag its name
   * @param id its image id
   * @param source how it came to be
   * @param detail what was tried before, e.g. why no registry answered
   */
  record Result(String tag, String id, Source source, String detail) {
    String summary() {
      return tag + ": " + source.description() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  private final DockerEngine engine;
  private final ImageSpec spec;
  private final EventListener events;

  BuilderImage(DockerEngine engine, ImageSpec spec, EventListener events) {
    this.engine = engine;
    this.spec = spec;
    this.events = events;
  }

  /** {@code baseimg/builder:bookworm-arm64}. */
  static String tag(ImageSpec spec) {
    return "baseimg/builder:" + spec.suite() + "-" + spec.arch().debianName();
  }

  /** {@code debian:bookworm-slim}: the registry's image for the suite. */
  static String registryImage(ImageSpec spec) {
    return "debian:" + spec.suite() + "-slim";
  }

  /**
   * The Dockerfile that adds debootstrap to the registry's image, fetching from {@code mirror} (an
   * argument, so that no mirror is written into an image's history).
   */
  static String pulledDockerfile(ImageSpec spec) {
    return ShellScript.of(BuilderImage.class, "pulled.Dockerfile")
        .text()
        .replace("@BASE@", registryImage(spec))
        .replace("@SUITE@", spec.suite());
  }

  /** The Dockerfile of a builder made from a bootstrapped tree: the tree is all there is. */
  static final String SCRATCH_DOCKERFILE = "FROM scratch\nADD rootfs.tar /\n";

  /**
   * The builder image, found, pulled or made.
   *
   * @param work a directory on this host for a tree bootstrapped here
   * @param debCache the .deb cache the host bootstrap shares with host builds
   */
  Result ensure(
      URI mirror, Path work, Path debCache, Map<String, String> chrootEnvironment, Cleanup cleanup)
      throws BaseimgException, InterruptedException {
    String tag = tag(spec);
    Optional<InspectImageResponse> present = inspect(tag);
    if (present.isPresent()) {
      String arch = Optional.ofNullable(present.get().getArch()).orElse("");
      if (!arch.equals(spec.arch().debianName())) {
        throw new BaseimgException(
            "the engine's image "
                + tag
                + " is for "
                + arch
                + ", not "
                + spec.arch().debianName()
                + "; remove it (docker rmi "
                + tag
                + ") and build again");
      }
      return new Result(tag, present.get().getId(), Source.PRESENT, "");
    }
    String pullFailure;
    try {
      return pullAndAddDebootstrap(mirror, cleanup);
    } catch (RegistryException e) {
      pullFailure = "no registry answers: " + e.getMessage();
      events.on(new Event.Info("builder image: " + pullFailure + "; making it locally"));
    }
    return makeLocally(mirror, work, debCache, chrootEnvironment, cleanup, pullFailure);
  }

  /** A pull that failed: the registry is unreachable or does not have the image. */
  private static final class RegistryException extends Exception {
    private static final long serialVersionUID = 1L;

    RegistryException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The builder image's id, if the engine has it. */
  static Optional<String> presentId(DockerEngine engine, ImageSpec spec) throws BaseimgException {
    return inspect(engine, tag(spec)).map(InspectImageResponse::getId);
  }

  /** Whether the engine has {@code image}. */
  static boolean exists(DockerEngine engine, String image) throws BaseimgException {
    return inspect(engine, image).isPresent();
  }

  private Optional<InspectImageResponse> inspect(String image) throws BaseimgException {
    return inspect(engine, image);
  }

  private static Optional<InspectImageResponse> inspect(DockerEngine engine, String image)
      throws BaseimgException {
    try {
      return Optional.of(engine.client().inspectImageCmd(image).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw new BaseimgException(
          "cannot inspect the image " + image + ": " + DockerEngine.rootCause(e), e);
    }
  }

  private Result pullAndAddDebootstrap(URI mirror, Cleanup cleanup)
      throws RegistryException, BaseimgException, InterruptedException {
    String base = registryImage(spec);
    boolean hadBase = inspect(base).isPresent();
    if (!hadBase) {
      try {
        engine
            .client()
            .pullImageCmd("debian")
            .withTag(spec.suite() + "-slim")
            .withPlatform(spec.arch().containerPlatform())
            .exec(new PullImageResultCallback())
            .awaitCompletion();
      } catch (RuntimeException e) {
        throw new RegistryException(DockerEngine.rootCause(e), e);
      }
    }
    try {
      String id =
          build(
              pulledDockerfile(spec),
              Map.of(),
              Map.of("MIRROR", mirror.toString()),
              "debootstrap added to " + base,
              cleanup);
      return new Result(tag(spec), id, Source.PULLED, base + " for " + platform());
    } catch (IOException e) {
      throw new BaseimgException("cannot send the build context: " + e.getMessage(), e);
    } finally {
      if (!hadBase) {
        // The pulled image was only a means: untag it (its layers stay under the builder).
        removeImage(base);
      }
    }
  }

  private Result makeLocally(
      URI mirror,
      Path work,
      Path debCache,
      Map<String, String> chrootEnvironment,
      Cleanup cleanup,
      String pullFailure)
      throws BaseimgException, InterruptedException {
    List<Prerequisites.Check> failed =
        Prerequisites.check(spec.arch()).stream().filter(check -> !check.ok()).toList();
    if (!failed.isEmpty()) {
      Prerequisites.Check first = failed.get(0);
      throw new BaseimgException(
          "no builder image "
              + tag(spec)
              + " on the engine and "
              + pullFailure
              + "; making one on this host needs "
              + first.name()
              + " ("
              + first.detail()
              + "): "
              + first.fix()
              + ", or load an image with debootstrap as "
              + tag(spec));
    }
    Path tree = work.resolve("builder-rootfs");
    Path tar = work.resolve("builder-rootfs.tar");
    try {
      Debootstrap.bootstrap(
          spec,
          ImageSpec.Variant.MINBASE,
          List.of("debootstrap"),
          Optional.of(mirror),
          tree,
          debCache,
          chrootEnvironment,
          events);
      Processes.run(
          Processes.Command.of(
              "clean builder tree",
              "sh",
              "-c",
              "cd \"$1\" && rm -rf var/lib/apt/lists/* var/cache/apt/*.bin"
                  + " var/cache/apt/archives/*.deb debootstrap",
              "sh",
              tree.toString()),
          events);
      Processes.run(
          Processes.Command.of(
              "tar builder tree",
              "tar",
              "--numeric-owner",
              "-C",
              tree.toString(),
              "-cf",
              tar.toString(),
              "."),
          events);
      Mounts.unmountAndDelete(tree, events);
      String id =
          build(
              SCRATCH_DOCKERFILE,
              Map.of("rootfs.tar", tar),
              Map.of(),
              "builder image from a tree bootstrapped on this host",
              cleanup);
      return new Result(tag(spec), id, Source.MADE, pullFailure);
    } catch (IOException e) {
      throw new BaseimgException("cannot make the builder image: " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tar);
      } catch (IOException e) {
        events.on(new Event.Warning("cannot remove " + tar + ": " + e.getMessage()));
      }
    }
  }

  private String platform() {
    return spec.arch().containerPlatform();
  }

  /**
   * Runs a classic build for the target platform and tags the result. The context is streamed from
   * a thread through a pipe; the images each step commits are removed again if the build fails or
   * is interrupted, so no half-made image stays behind.
   */
  private String build(
      String dockerfile,
      Map<String, Path> files,
      Map<String, String> arguments,
      String label,
      Cleanup cleanup)
      throws BaseimgException, InterruptedException, IOException {
    BuildContextPipe context = BuildContextPipe.start(dockerfile, files);
    List<String> committed = new ArrayList<>();
    String undo = "remove images of the unfinished build of " + tag(spec);
    cleanup.add(undo, () -> committed.forEach(this::removeImage));
    ConsoleLines.Splitter lines = buildOutput(committed);
    String id;
    try (InputStream in = context.input()) {
      BuildImageCmd command = buildCommand(in, arguments);
      long started = System.nanoTime();
      id = command.exec(feeding(lines)).awaitImageId();
      lines.finish();
      events.on(
          new Event.PhaseFinished(
              "docker build", Duration.ofNanos(System.nanoTime() - started), label));
    } catch (RuntimeException e) {
      lines.finish();
      context.interrupt();
      cleanup.runNow(undo);
      throw buildFailure(e, context.failure());
    }
    context.join();
    // Built and tagged: the committed steps are now the image's own layers.
    committed.clear();
    cleanup.runNow(undo);
    // The build answers with a short id; the full one names the image as inspect does.
    return inspect(tag(spec)).map(InspectImageResponse::getId).orElse(id);
  }

  /** A classic build of {@code context}, tagged and labelled, for the target platform. */
  private BuildImageCmd buildCommand(InputStream context, Map<String, String> arguments) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL, spec.suite() + "-" + spec.arch().debianName());
    BuildImageCmd command =
        engine
            .client()
            .buildImageCmd()
            .withTarInputStream(context)
            .withTags(Set.of(tag(spec)))
            .withPlatform(platform())
            .withLabels(labels)
            .withNetworkMode("host")
            .withPull(false)
            .withRemove(true)
            .withForcerm(true);
    arguments.forEach(command::withBuildArg);
    return command;
  }

  /** Sends the build's lines on as tool output and notes the image each step commits. */
  private ConsoleLines.Splitter buildOutput(List<String> committed) {
    return new ConsoleLines.Splitter(
        line -> {
          Matcher step = COMMITTED.matcher(line);
          if (step.matches()) {
            committed.add(step.group(1));
          }
          events.on(new Event.ToolOutput("docker build", line));
        });
  }

  private static BuildImageResultCallback feeding(ConsoleLines.Splitter lines) {
    return new BuildImageResultCallback() {
      @Override
      public void onNext(BuildResponseItem item) {
        if (item.getStream() != null) {
          byte[] text = item.getStream().getBytes(StandardCharsets.UTF_8);
          lines.feed(text, 0, text.length);
        }
        super.onNext(item);
      }
    };
  }

  /**
   * What a failed build throws: an interrupt stays an interrupt, anything else says why.
   *
   * @param contextFailure why writing the context failed, or null
   */
  private BaseimgException buildFailure(RuntimeException e, IOException contextFailure)
      throws InterruptedException {
    // docker-java turns an interrupt while waiting into an exception of its own.
    if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      throw new InterruptedException("building the builder image was interrupted");
    }
    return new BaseimgException(
        "building the builder image "
            + tag(spec)
            + " failed: "
            + DockerEngine.rootCause(e)
            + (contextFailure == null ? "" : " (context: " + contextFailure.getMessage() + ")"),
        e);
  }

  private void removeImage(String image) {
    try {
      DockerClient client = engine.client();
      client.removeImageCmd(image).withForce(false).exec();
    } catch (RuntimeException e) {
      // Gone already, or still used by a container that is about to be removed.
    }
  }
}
