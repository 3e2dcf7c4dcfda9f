package org.baseimg.builder.internal.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.internal.Cleanup;
import org.baseimg.internal.ConsoleLines;
import org.baseimg.internal.Processes;
import org.baseimg.internal.ShellScript;

/**
 * A running container that a build works in: started with the least privilege that lets debootstrap
 * and chroot work, commands run in it through the exec API with their output split into lines,
 * files put in and trees streamed out through the archive API. It is removed when the build ends,
 * fails or is interrupted, through {@link Cleanup}.
 */
final class BuildContainer {
  /** Labels every build container, so that those of killed builds can be found. */
  static final String LABEL = "org.baseimg.build";

  private static final int TAIL = 25;

  /**
   * How much a container may do, least first. Each is tried in turn until one starts and passes
   * {@link #PROBE}: some hosts refuse {@code --privileged} (it asks for capabilities the engine
   * itself lacks), others block mount in their default seccomp or AppArmor profile.
   */
  enum Privileges {
    /** The capabilities debootstrap and the chroot steps use, and no others. */
    LEAST(
        "the capabilities debootstrap and chroot use (CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD"
            + " SETFCAP SETGID SETUID SYS_CHROOT SYS_ADMIN)"),
    /** The same, for hosts whose default seccomp or AppArmor profile forbids mount. */
    CAPABILITIES_UNCONFINED("the same capabilities with seccomp and AppArmor unconfined"),
    /** Everything; refused on hosts where the engine lacks a capability itself. */
    PRIVILEGED("--privileged"),
    /** Everything the engine can grant, where {@code --privileged} is refused. */
    ALL_BUT_SYS_RESOURCE(
        "--cap-add ALL --cap-drop SYS_RESOURCE with seccomp and AppArmor unconfined");

    private static final Capability[] NEEDED = {
      // chown and the permission checks root relies on when dpkg unpacks and configures
      Capability.CHOWN,
      Capability.DAC_OVERRIDE,
      Capability.FOWNER,
      Capability.FSETID,
      // apt signals its download methods, which run as the _apt user
      Capability.KILL,
      // debootstrap creates /dev's nodes
      Capability.MKNOD,
      // dpkg keeps file capabilities some packages ship
      Capability.SETFCAP,
      // apt and maintainer scripts switch users
      Capability.SETGID,
      Capability.SETUID,
      Capability.SYS_CHROOT,
      // mount /proc, /sys, /dev and /dev/pts in the tree
      Capability.SYS_ADMIN
    };

    private static final List<String> UNCONFINED =
        List.of("seccomp=unconfined", "apparmor=unconfined");

    private final String description;

    Privileges(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }

    HostConfig apply(HostConfig config) {
      return switch (this) {
        case LEAST -> config.withCapDrop(Capability.ALL).withCapAdd(NEEDED);
        case CAPABILITIES_UNCONFINED ->
            config.withCapDrop(Capability.ALL).withCapAdd(NEEDED).withSecurityOpts(UNCONFINED);
        case PRIVILEGED -> config.withPrivileged(true);
        case ALL_BUT_SYS_RESOURCE ->
            config
                .withCapAdd(Capability.ALL)
                .withCapDrop(Capability.SYS_RESOURCE)
                .withSecurityOpts(UNCONFINED);
      };
    }
  }

  /** What a build needs to be allowed: mount, device nodes, chown, chroot. */
  static final ShellScript PROBE = ShellScript.of(BuildContainer.class, "probe-privileges.sh");

  /**
   * A host directory bind-mounted into the container.
   *
   * @param host the directory on this host
   * @param container where it appears in the container
   */
  record Mount(Path host, String container) {}

  private final DockerClient client;
  private final String id;
  private final Privileges privileges;

  private BuildContainer(DockerClient client, String id, Privileges privileges) {
    this.client = client;
    this.id = id;
    this.privileges = privileges;
  }

  /**
   * Starts a container of {@code image} that sleeps until it is removed, with the least privilege
   * that passes the probe, on the engine host's network (so the mirror and repositories on
   * 127.0.0.1 are reached as a host build reaches them).
   *
   * @param label the value of {@link #LABEL}, naming the build
   * @param candidates the privileges to try, in order: {@code List.of(Privileges.values())}
   */
  static BuildContainer start(
      DockerEngine engine,
      String image,
      String platform,
      List<Mount> mounts,
      String label,
      Cleanup cleanup,
      EventListener events,
      List<Privileges> candidates)
      throws BaseimgException, InterruptedException {
    long started = System.nanoTime();
    List<String> refusals = new ArrayList<>();
    for (Privileges privileges : candidates) {
      DockerClient client = engine.client();
      String id;
      try {
        HostConfig host =
            privileges.apply(
                HostConfig.newHostConfig()
                    .withNetworkMode("host")
                    .withBinds(
                        mounts.stream()
                            .map(
                                mount ->
                                    new Bind(
                                        mount.host().toString(), new Volume(mount.container())))
                            .toList()));
        CreateContainerResponse created =
            client
                .createContainerCmd(image)
                .withPlatform(platform)
                .withCmd("sleep", "infinity")
                .withLabels(Map.of(LABEL, label))
                .withHostConfig(host)
                .exec();
        id = created.getId();
      } catch (com.github.dockerjava.api.exception.NotFoundException e) {
        throw new BaseimgException(
            "cannot create a container of " + image + ": " + DockerEngine.rootCause(e), e);
      } catch (RuntimeException e) {
        // Some engines refuse an option when the container is created, others when it starts.
        refusals.add(privileges.description() + ": " + DockerEngine.rootCause(e));
        continue;
      }
      BuildContainer container = new BuildContainer(client, id, privileges);
      cleanup.add("remove container " + id, container::remove);
      try {
        client.startContainerCmd(id).exec();
      } catch (RuntimeException e) {
        refusals.add(privileges.description() + ": " + DockerEngine.rootCause(e));
        cleanup.runNow("remove container " + id);
        continue;
      }
      Processes.Result probe =
          container.exec("privilege check", PROBE.command(), EventListener.NONE);
      if (probe.exitCode() == 0) {
        for (String refusal : refusals) {
          events.on(new Event.Warning("the engine refused " + refusal));
        }
        events.on(
            new Event.PhaseFinished(
                "container",
                java.time.Duration.ofNanos(System.nanoTime() - started),
                "container " + shortId(id) + " runs with " + privileges.description()));
        return container;
      }
      refusals.add(
          privileges.description()
              + ": "
              + (probe.output().isEmpty()
                  ? "exit " + probe.exitCode()
                  : probe.output().get(probe.output().size() - 1)));
      cleanup.runNow("remove container " + id);
    }
    throw new BaseimgException(
        "the Docker engine lets no container mount, create devices and chroot, which debootstrap"
            + " needs; tried "
            + String.join("; ", refusals)
            + "; use an engine that allows CAP_SYS_ADMIN");
  }

  static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  String id() {
    return id;
  }

  Privileges privileges() {
    return privileges;
  }

  /** Runs {@code command} in the container (not in the tree); each output line is an event. */
  Processes.Result exec(String label, List<String> command, EventListener events)
      throws BaseimgException, InterruptedException {
    return exec(label, command, events, null);
  }

  /**
   * Runs {@code command} in the container as root. Standard output goes to {@code stdout} when it
   * is given, else, like standard error, into lines: each an {@link Event.ToolOutput}, the last
   * kept for the result.
   */
  Processes.Result exec(
      String label, List<String> command, EventListener events, OutputStream stdout)
      throws BaseimgException, InterruptedException {
    String execId;
    try {
      execId =
          client
              .execCreateCmd(id)
              .withCmd(command.toArray(String[]::new))
              .withAttachStdout(true)
              .withAttachStderr(true)
              .withUser("root")
              .exec()
              .getId();
    } catch (RuntimeException e) {
      throw new BaseimgException(
          "cannot run " + label + " in container " + shortId(id) + ": " + DockerEngine.rootCause(e),
          e);
    }
    Output output = new Output(label, events, stdout);
    try {
      client.execStartCmd(execId).exec(output).awaitCompletion();
    } catch (InterruptedException e) {
      output.closeQuietly();
      throw e;
    } catch (RuntimeException e) {
      throw new BaseimgException(
          label + " in container " + shortId(id) + ": " + DockerEngine.rootCause(e), e);
    }
    output.finish();
    if (output.failure != null) {
      throw new BaseimgException(
          "reading the output of "
              + label
              + " in container "
              + shortId(id)
              + ": "
              + DockerEngine.rootCause(output.failure),
          output.failure);
    }
    Long exitCode;
    try {
      exitCode = client.inspectExecCmd(execId).exec().getExitCodeLong();
    } catch (RuntimeException e) {
      throw new BaseimgException(
          "cannot read the exit status of " + label + ": " + DockerEngine.rootCause(e), e);
    }
    return new Processes.Result(
        exitCode == null ? -1 : exitCode.intValue(), List.copyOf(output.tail), List.of());
  }

  /** Extracts a tar into {@code directory} (which must exist) in the container. */
  void put(String directory, byte[] tar) throws BaseimgException {
    try {
      client
          .copyArchiveToContainerCmd(id)
          .withRemotePath(directory)
          .withTarInputStream(new ByteArrayInputStream(tar))
          .exec();
    } catch (RuntimeException e) {
      throw new BaseimgException(
          "cannot copy into container " + shortId(id) + ": " + DockerEngine.rootCause(e), e);
    }
  }

  /**
   * A tar stream of {@code path} in the container, straight from the engine. A path ending in
   * {@code /.} gives the directory's contents with names relative to it.
   */
  InputStream archive(String path) throws BaseimgException {
    try {
      return client.copyArchiveFromContainerCmd(id, path).exec();
    } catch (RuntimeException e) {
      throw new BaseimgException(
          "cannot read "
              + path
              + " from container "
              + shortId(id)
              + ": "
              + DockerEngine.rootCause(e),
          e);
    }
  }

  /** Removes the container and its anonymous volumes, whatever runs in it. */
  void remove() {
    try {
      client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
      // Removed already.
    }
  }

  /** Frames of one exec, cut into lines per stream. */
  private static final class Output extends ResultCallback.Adapter<Frame> {
    private final Deque<String> tail = new ArrayDeque<>();
    private final ConsoleLines.Splitter out;
    private final ConsoleLines.Splitter err;
    private final OutputStream stdout;
    private volatile Throwable failure;

    Output(String label, EventListener events, OutputStream stdout) {
      this.stdout = stdout;
      this.out = new ConsoleLines.Splitter(line -> line(label, line, events));
      this.err = new ConsoleLines.Splitter(line -> line(label, line, events));
    }

    private synchronized void line(String label, String line, EventListener events) {
      events.on(new Event.ToolOutput(label, line));
      tail.addLast(line);
      if (tail.size() > TAIL) {
        tail.removeFirst();
      }
    }

    @Override
    public void onNext(Frame frame) {
      byte[] payload = frame.getPayload();
      if (payload == null) {
        return;
      }
      if (frame.getStreamType() == StreamType.STDERR) {
        err.feed(payload, 0, payload.length);
      } else if (stdout != null) {
        try {
          stdout.write(payload);
        } catch (java.io.IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        out.feed(payload, 0, payload.length);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      failure = throwable;
      super.onError(throwable);
    }

    void finish() {
      out.finish();
      err.finish();
    }

    void closeQuietly() {
      try {
        ((Closeable) this).close();
      } catch (java.io.IOException e) {
        // The stream is going away either way.
      }
    }
  }
}
