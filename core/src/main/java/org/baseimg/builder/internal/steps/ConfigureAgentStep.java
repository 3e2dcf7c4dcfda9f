package org.baseimg.builder.internal.steps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.BuildStep;
import org.baseimg.builder.internal.Target;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.ShellScript;

/**
 * Configures salt-minion from the profile: master, how the minion names itself at first boot,
 * grains, whether it starts at boot. No minion id and no keys stay in the image. With the built-in
 * init, which has no service manager, a boot script starts it; otherwise a systemd wants link.
 */
public final class ConfigureAgentStep implements BuildStep {
  private static final ShellScript ENABLE_UNIT =
      ShellScript.of(ConfigureAgentStep.class, "enable-unit.sh");

  private final ImageSpec spec;
  private final ImageSpec.AgentSpec agent;

  public ConfigureAgentStep(ImageSpec spec, ImageSpec.AgentSpec agent) {
    this.spec = spec;
    this.agent = agent;
  }

  @Override
  public String name() {
    return "configure agent";
  }

  @Override
  public void run(BuildState state) throws IOException, BaseimgException, InterruptedException {
    Target target = state.target();
    target.write(
        ImagePath.of("/etc/salt/minion.d/baseimg.conf"),
        minionConfig().getBytes(StandardCharsets.UTF_8),
        0644);
    target.delete(ImagePath.of("/etc/salt/minion_id"));

    String unit = agent.packageName() + ".service";
    ImagePath wants = ImagePath.of("/etc/systemd/system/multi-user.target.wants/" + unit);
    ImagePath bootScript = ImagePath.of("/etc/baseimg/boot.d/50-" + agent.packageName());
    if (agent.enabled() && spec.init() instanceof ImageSpec.InitSpec.Builtin) {
      // No service manager: the built-in /init runs this when the image has no /sbin/init.
      target.write(
          bootScript,
          ("#!/bin/sh\n# Written by baseimg: started by /init, as the image has no service manager.\n"
                  + agent.packageName()
                  + " </dev/null >/dev/console 2>&1 &\n")
              .getBytes(StandardCharsets.UTF_8),
          0755);
    } else {
      target.delete(bootScript);
    }
    if (agent.enabled()) {
      target.run("enable " + unit, ENABLE_UNIT, EventListener.NONE, unit);
    } else {
      target.delete(wants);
    }
  }

  private String minionConfig() {
    StringBuilder config = new StringBuilder();
    config.append("# Written by baseimg from the profile ").append(spec.name()).append(".\n");
    config.append("master: ").append(yamlString(agent.master())).append('\n');
    config.append("# The id is chosen at first boot and never written back into the image.\n");
    config.append("minion_id_caching: False\n");
    switch (agent.minionId()) {
      case HOSTNAME -> config.append("minion_id_remove_domain: True\n");
      case FQDN -> config.append("# id: the fully qualified domain name (salt's default)\n");
      case MACHINE_ID -> config.append("id_function:\n  file.read:\n    path: /etc/machine-id\n");
    }
    if (!agent.grains().isEmpty()) {
      config.append("grains:\n");
      for (Map.Entry<String, String> grain : agent.grains().entrySet()) {
        config
            .append("  ")
            .append(yamlString(grain.getKey()))
            .append(": ")
            .append(yamlString(grain.getValue()))
            .append('\n');
      }
    }
    return config.toString();
  }

  /** Quotes a value for YAML unless it is plainly a string. */
  static String yamlString(String value) {
    if (value.matches("[A-Za-z0-9_./-]+")
        && !value.matches("(?i)y|n|yes|no|on|off|true|false|null|~|[0-9.+-].*")) {
      return value;
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
