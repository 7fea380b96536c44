package dev.jslab.app.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Theme;
import javafx.application.Application;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Switches the whole application between AtlantaFX's Primer Light and Primer Dark themes by
 * replacing the user-agent stylesheet. Starts light; remembers nothing between runs. FX thread
 * only.
 */
public final class ThemeSwitcher {
  private static final Theme LIGHT = new PrimerLight();
  private static final Theme DARK = new PrimerDark();

  private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");

  /** Applies the light theme now, and the chosen one whenever {@link #darkProperty()} changes. */
  public ThemeSwitcher() {
    apply(false);
    dark.addListener((obs, was, now) -> apply(now));
  }

  /** True for the dark theme. */
  public BooleanProperty darkProperty() {
    return dark;
  }

  /** The stylesheet of the light or dark theme. */
  public static String stylesheet(boolean dark) {
    return (dark ? DARK : LIGHT).getUserAgentStylesheet();
  }

  private static void apply(boolean dark) {
    Application.setUserAgentStylesheet(stylesheet(dark));
  }
}
