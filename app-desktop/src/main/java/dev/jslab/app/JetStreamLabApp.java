package dev.jslab.app;

import javafx.application.Application;
import javafx.stage.Stage;

/** The explorer window (being built). */
public final class JetStreamLabApp extends Application {
  @Override
  public void start(Stage stage) {
    stage.show();
  }
}
