package org.baseimg.cli;

import org.baseimg.event.EventListener;

/** Shows the library's events to whoever runs the command: a person or a CI system's log. */
interface EventRenderer extends EventListener {

  /** Takes down anything drawn in place (a status line) before the command prints its result. */
  void clearStatus();
}
