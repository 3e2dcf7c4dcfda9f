package org.baseimg.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.baseimg.builder.DockerPrerequisites;
import org.baseimg.builder.Prerequisites;
import org.baseimg.image.Architecture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baseimg doctor}: what this host has and lacks for building. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description =
        "Checks this host for building images in a chroot, and the Docker engine for building"
            + " them in a container, and says how to fix each problem. Exits 1 when neither"
            + " environment can build.",
    footer = ExitCode.HELP_SECTION)
final class DoctorCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--arch",
      paramLabel = "ARCH",
      description = "The target: amd64 or arm64 (default arm64).",
      defaultValue = "arm64")
  String arch;

  @Override
  public Integer call() {
    Architecture target =
        Architecture.ofDebianName(arch)
            .orElseThrow(
                () ->
                    new CommandLine.ParameterException(
                        spec.commandLine(), "unknown arch '" + arch + "'; use amd64 or arm64"));
    PrintWriter out = spec.commandLine().getOut();
    List<Prerequisites.Check> checks = Prerequisites.check(target);
    List<Prerequisites.Check> docker = DockerPrerequisites.check(target);
    out.println("host (--environment host):");
    print(out, checks);
    out.println("docker (--environment docker):");
    print(out, docker);
    List<String> packages = Prerequisites.missingPackages(checks);
    if (!packages.isEmpty()) {
      out.println("baseimg build installs them when run as root: " + String.join(" ", packages));
    }
    boolean host = checks.stream().allMatch(Prerequisites.Check::ok);
    boolean container = docker.stream().allMatch(Prerequisites.Check::ok);
    return host || container ? ExitCode.OK : ExitCode.FAILURE;
  }

  private static void print(PrintWriter out, List<Prerequisites.Check> checks) {
    for (Prerequisites.Check check : checks) {
      out.printf(
          Locale.ROOT,
          "%-4s %-28s %s%s%n",
          check.ok() ? "ok" : "FAIL",
          check.name(),
          check.detail(),
          check.ok() ? "" : "\n     fix: " + check.fix());
    }
  }
}
