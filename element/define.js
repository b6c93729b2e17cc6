// Side-effect entry point: importing "bank-transfer-checkout/element/define" registers
// <bank-transfer-checkout>. Pages without a build step use it from a <script type="module">.
import { defineBankTransferCheckout } from "./index.js";

defineBankTransferCheckout();
