// Launches Debian's Chromium through playwright-core (which never downloads a browser), with the
// flags this closed network needs: without the background-networking ones Chromium floods it
// with connection attempts.
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-default-apps",
      "--disable-extensions",
      "--disable-sync",
      "--disable-quic",
      "--metrics-recording-only",
      "--no-default-browser-check",
      "--no-first-run",
      ...extraArgs,
    ],
  });
}
