// Importing "bank-transfer-checkout/element/define" registers the element: its types (the tag in
// HTMLElementTagNameMap, the banktransfer:* events) come with it.
import "./index.js";
export {};
