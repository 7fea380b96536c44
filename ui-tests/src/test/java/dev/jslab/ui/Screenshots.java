package dev.jslab.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * Saves what a scene shows as a PNG, without javafx-swing: the scene is snapshotted on the FX
 * thread and its pixels are copied into an AWT image here.
 */
final class Screenshots {
  /** Where the UI tests put their screenshots. */
  static final Path DIR = Path.of("target", "screenshots");

  private Screenshots() {}

  /** Takes a picture of {@code scene} and writes it to {@code DIR/name}; returns the image. */
  static BufferedImage save(Scene scene, String name) throws IOException {
    WritableImage shot = Fx.call(() -> scene.snapshot(null));
    int width = (int) shot.getWidth();
    int height = (int) shot.getHeight();
    PixelReader pixels = shot.getPixelReader();
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, pixels.getArgb(x, y));
      }
    }
    Files.createDirectories(DIR);
    ImageIO.write(image, "png", DIR.resolve(name).toFile());
    return image;
  }

  /** The mean brightness of {@code image}, 0 (black) to 255 (white). */
  static double meanBrightness(BufferedImage image) {
    long sum = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        sum += ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
      }
    }
    return sum / (3.0 * image.getWidth() * image.getHeight());
  }
}
