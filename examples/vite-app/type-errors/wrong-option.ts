// Must NOT type-check (the tests assert tsc fails here): `clientSecretURL` is not an option,
// `clientSecretUrl` is.
import { mountCheckout } from "bank-transfer-checkout";

mountCheckout("#pay", { clientSecretURL: "/api/checkout", order: "eu-1" });
