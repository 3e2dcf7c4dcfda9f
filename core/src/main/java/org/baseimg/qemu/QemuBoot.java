package org.baseimg.qemu;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.initramfs.InitProgram;
import org.baseimg.internal.ConsoleLines;
import org.baseimg.qemu.internal.QemuMachine;

/**
 * Boots an initramfs with a kernel in {@code qemu-system-*} and watches the serial console for the
 * line that {@code /init} prints once userspace runs.
 *
 * <pre>{@code
 * BootResult result = QemuBoot.create("arm64", events).withTimeout(Duration.ofSeconds(60))
 *     .boot(kernel.image(), initramfs);
 * result.requireMarker();
 * }</pre>
 *
 * <p>QEMU runs with {@code -no-reboot}, no network and the kernel arguments {@code console=<serial>
 * panic=-1 baseimg.boot-test}: the project's {@code /init} powers the machine off after printing
 * the marker when it sees {@code baseimg.boot-test}, and a kernel panic reboots at once, which
 * {@code -no-reboot} turns into QEMU's exit. So QEMU normally ends by itself; it is killed (with
 * everything it started) when the timeout runs out, when the guest does not power off within {@link
 * #DEFAULT_SHUTDOWN_GRACE} of the marker, on any failure, and when the calling thread is
 * interrupted.
 *
 * <p>Each console line is emitted as an {@link Event.ToolOutput} from {@code qemu}.
 */
public final class QemuBoot {
  /** The kernel argument that asks the project's {@code /init} to power off after the marker. */
  public static final String BOOT_TEST_ARGUMENT = "baseimg.boot-test";

  /** What the project's {@code /init} prints once userspace runs. */
  public static final String DEFAULT_MARKER = InitProgram.BOOT_MARKER;

  /** How long to wait for the marker unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  /** How long the guest may take to power off after the marker before QEMU is stopped. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(15);

  /** How many console lines a {@link BootResult} keeps. */
  public static final int TAIL_LINES = 40;

  private static final Pattern ARCH = Pattern.compile("\\barch=(\\S+)");
  private static final String SOURCE = "qemu";

  /** What a probe line starts with: {@code baseimg-probe: NAME=VALUE}. */
  static final String PROBE = "baseimg-probe: ";

  private final QemuMachine machine;
  private final EventListener events;
  // Set only on a fresh copy inside the with* methods, so an instance never changes once shared.
  private Duration timeout = DEFAULT_TIMEOUT;
  private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
  private String marker = DEFAULT_MARKER;
  private int memoryMiB = 1024;
  private int cpus = 2;
  private List<String> extraKernelArguments = List.of();
  private boolean network;
  private Path qemuBinary;
  private String searchPath = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");

  private QemuBoot(QemuMachine machine, EventListener events) {
    this.machine = machine;
    this.events = events;
  }

  private QemuBoot copy() {
    QemuBoot copy = new QemuBoot(machine, events);
    copy.timeout = timeout;
    copy.shutdownGrace = shutdownGrace;
    copy.marker = marker;
    copy.memoryMiB = memoryMiB;
    copy.cpus = cpus;
    copy.extraKernelArguments = extraKernelArguments;
    copy.network = network;
    copy.qemuBinary = qemuBinary;
    copy.searchPath = searchPath;
    return copy;
  }

  /**
   * A boot test for a Debian architecture: {@code arm64} ({@code qemu-system-aarch64 -M virt -cpu
   * cortex-a57}) or {@code amd64} ({@code qemu-system-x86_64 -M q35}), 1024 MiB and 2 CPUs.
   *
   * @throws BadInputException for another architecture
   */
  public static QemuBoot create(String debianArch, EventListener events) throws BadInputException {
    if (events == null) {
      throw new IllegalArgumentException("listener is null");
    }
    QemuMachine machine =
        QemuMachine.forDebianArch(debianArch)
            .orElseThrow(
                () ->
                    new BadInputException(
                        "boot tests support arm64 and amd64, not '" + debianArch + "'"));
    return new QemuBoot(machine, events);
  }

  /**
   * The same test with a virtio NIC on QEMU's user-mode network (its DHCP server hands out
   * 10.0.2.15), instead of no network at all.
   */
  public QemuBoot withNetwork() {
    QemuBoot copy = copy();
    copy.network = true;
    return copy;
  }

  /** The same test giving up after {@code newTimeout} without the marker. */
  public QemuBoot withTimeout(Duration newTimeout) {
    requirePositive(newTimeout, "timeout");
    QemuBoot copy = copy();
    copy.timeout = newTimeout;
    return copy;
  }

  /** The same test letting the guest take {@code grace} to power off after the marker. */
  public QemuBoot withShutdownGrace(Duration grace) {
    requirePositive(grace, "shutdown grace");
    QemuBoot copy = copy();
    copy.shutdownGrace = grace;
    return copy;
  }

  /** The same test waiting for another marker; a console line containing it counts. */
  public QemuBoot withMarker(String newMarker) {
    if (newMarker == null || newMarker.isBlank()) {
      throw new IllegalArgumentException("marker must not be blank");
    }
    QemuBoot copy = copy();
    copy.marker = newMarker;
    return copy;
  }

  /** The same test with another amount of guest memory. */
  public QemuBoot withMemoryMiB(int mib) {
    if (mib < 64) {
      throw new IllegalArgumentException("memory must be at least 64 MiB");
    }
    QemuBoot copy = copy();
    copy.memoryMiB = mib;
    return copy;
  }

  /** The same test with another number of guest CPUs. */
  public QemuBoot withCpus(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("cpus must be at least 1");
    }
    QemuBoot copy = copy();
    copy.cpus = count;
    return copy;
  }

  /** The same test adding {@code arguments} to the kernel command line. */
  public QemuBoot withKernelArguments(List<String> arguments) {
    for (String argument : arguments) {
      if (argument.isBlank() || argument.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "kernel argument '" + argument + "' is blank or has a space");
      }
    }
    QemuBoot copy = copy();
    copy.extraKernelArguments = List.copyOf(arguments);
    return copy;
  }

  /** The same test running this emulator instead of the one found on {@code PATH}. */
  public QemuBoot withQemuBinary(Path binary) {
    if (binary == null) {
      throw new IllegalArgumentException("binary is null");
    }
    QemuBoot copy = copy();
    copy.qemuBinary = binary;
    return copy;
  }

  /** The same test looking for the emulator on {@code path} (a {@code PATH}-like list). */
  QemuBoot withSearchPath(String path) {
    QemuBoot copy = copy();
    copy.searchPath = path;
    return copy;
  }

  /** The Debian architecture this test boots, e.g. {@code arm64}. */
  public String debianArch() {
    return machine.debianArch();
  }

  /** What {@code uname -m} prints in the guest, e.g. {@code aarch64}. */
  public String expectedMachine() {
    return machine.unameMachine();
  }

  /** The console device of the machine, e.g. {@code ttyAMA0}: the PL011 UART on arm64's virt. */
  public String consoleDevice() {
    return machine.console();
  }

  /** The kernel command line, e.g. {@code console=ttyAMA0 panic=-1 baseimg.boot-test}. */
  public String kernelCommandLine() {
    List<String> arguments = new ArrayList<>();
    arguments.add("console=" + machine.console());
    arguments.add("panic=-1");
    arguments.add(BOOT_TEST_ARGUMENT);
    arguments.addAll(extraKernelArguments);
    return String.join(" ", arguments);
  }

  /** The QEMU command line {@link #boot} runs, with the emulator as found on the path. */
  public List<String> command(Path kernel, Path initramfs) throws BaseimgException {
    return command(findQemu(), kernel, initramfs);
  }

  private List<String> command(Path qemu, Path kernel, Path initramfs) {
    List<String> command = new ArrayList<>();
    command.add(qemu.toString());
    command.addAll(machine.machineArguments());
    command.addAll(
        List.of(
            "-m",
            Integer.toString(memoryMiB),
            "-smp",
            Integer.toString(cpus),
            "-nographic",
            "-no-reboot"));
    if (network) {
      // romfile= empty: no network boot ROM (ipxe-qemu), which a minimal host lacks.
      command.addAll(
          List.of(
              "-netdev",
              "user,id=net0",
              "-device",
              machine.networkDevice() + ",netdev=net0,romfile="));
    } else {
      // Without it QEMU wants a network boot ROM (ipxe-qemu) that a minimal host lacks.
      command.addAll(List.of("-nic", "none"));
    }
    command.addAll(
        List.of(
            "-kernel",
            kernel.toString(),
            "-initrd",
            initramfs.toString(),
            "-append",
            kernelCommandLine()));
    return command;
  }

  /**
   * Boots {@code initramfs} with {@code kernel} and waits for the marker, for QEMU to end, or for
   * the timeout.
   *
   * @return what the console showed; a boot without the marker is a result, not an exception
   * @throws BadInputException when the kernel or initramfs file does not exist
   * @throws BaseimgException when QEMU is not installed or cannot be started
   * @throws InterruptedException when the thread is interrupted; QEMU is killed first
   */
  public BootResult boot(Path kernel, Path initramfs)
      throws BaseimgException, InterruptedException {
    requireFile(kernel, "kernel");
    requireFile(initramfs, "initramfs");
    List<String> command = command(findQemu(), kernel, initramfs);
    if (Thread.interrupted()) {
      Thread.currentThread().interrupt();
      throw new InterruptedException("interrupted before starting " + machine.binary());
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new BaseimgException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
    events.on(new Event.PhaseStarted("boot", -1, "lines"));
    try {
      BootResult result = watch(process, started);
      if (result.markerSeen()) {
        events.on(
            new Event.PhaseFinished(
                "boot", Duration.ofNanos(System.nanoTime() - started), result.summary()));
      }
      return result;
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw e;
    } finally {
      if (process.isAlive()) {
        kill(process);
      }
    }
  }

  private BootResult watch(Process process, long started) throws InterruptedException {
    ConsoleLines lines = ConsoleLines.start(process.getInputStream(), "qemu-console");
    Deque<String> tail = new ArrayDeque<>();
    long deadline = started + timeout.toNanos();
    String markerLine = null;
    long markerAt = 0;
    Map<String, String> probes = new LinkedHashMap<>();
    boolean killed = false;
    boolean timedOut = false;
    while (true) {
      long now = System.nanoTime();
      long until = markerLine == null ? deadline : markerAt + shutdownGrace.toNanos();
      if (now - until >= 0) {
        timedOut = markerLine == null;
        kill(process);
        killed = true;
        break;
      }
      ConsoleLines.Item item = lines.poll(TimeUnit.NANOSECONDS.toMillis(until - now) + 1);
      if (item == null) {
        continue;
      }
      if (item.isEnd()) {
        break;
      }
      String line = item.line();
      handle(line, tail);
      int probe = line.indexOf(PROBE);
      if (probe >= 0 && line.indexOf('=', probe) > 0) {
        String finding = line.substring(probe + PROBE.length());
        int equals = finding.indexOf('=');
        probes.put(finding.substring(0, equals).strip(), finding.substring(equals + 1).strip());
      }
      int at = line.indexOf(marker);
      if (markerLine == null && at >= 0) {
        markerLine = line.substring(at).strip();
        markerAt = System.nanoTime();
      }
    }
    if (killed) {
      // The console ends as soon as QEMU is gone; keep what it printed until then.
      long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      ConsoleLines.Item item;
      while ((item = lines.poll(TimeUnit.NANOSECONDS.toMillis(drainUntil - System.nanoTime())))
              != null
          && !item.isEnd()) {
        handle(item.line(), tail);
      }
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      kill(process);
      killed = true;
      process.waitFor(10, TimeUnit.SECONDS);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    int exitCode = killed || process.isAlive() ? -1 : process.exitValue();
    Optional<String> reportedArch = Optional.empty();
    if (markerLine != null) {
      Matcher matcher = ARCH.matcher(markerLine.substring(marker.length()));
      if (matcher.find()) {
        reportedArch = Optional.of(matcher.group(1));
      }
    }
    return new BootResult(
        markerLine != null,
        Optional.ofNullable(markerLine),
        reportedArch,
        markerLine == null ? Optional.empty() : Optional.of(Duration.ofNanos(markerAt - started)),
        List.copyOf(tail),
        probes,
        exitCode,
        timedOut,
        elapsed);
  }

  private void handle(String line, Deque<String> tail) {
    events.on(new Event.ToolOutput(SOURCE, line));
    tail.addLast(line);
    if (tail.size() > TAIL_LINES) {
      tail.removeFirst();
    }
  }

  /** Kills QEMU and anything it started, at once. */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private Path findQemu() throws BaseimgException {
    if (qemuBinary != null) {
      if (!Files.isRegularFile(qemuBinary) || !Files.isExecutable(qemuBinary)) {
        throw new BaseimgException(qemuBinary + " is not an executable file");
      }
      return qemuBinary;
    }
    for (String directory : searchPath.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, machine.binary());
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new BaseimgException(
        machine.binary() + " is not installed: apt-get install " + machine.debianPackage());
  }

  private static void requireFile(Path file, String what) throws BadInputException {
    if (file == null) {
      throw new IllegalArgumentException(what + " is null");
    }
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(what + " " + file + " does not exist or is not a file");
    }
  }

  private static void requirePositive(Duration duration, String what) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
  }
}
