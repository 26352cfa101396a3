/**
 * Triggers: the subject a message trigger listens on, templates that turn a
 * message into launch arguments and properties, and webhook signatures.
 */

export { newSecret, signBody, verifySignature } from "./signature.js";
export { checkSubject, MAX_SUBJECT_LENGTH } from "./subject.js";
export {
  MAX_TEMPLATE_LENGTH,
  parseJsonTemplates,
  parseTemplate,
  renderJsonTemplates,
  renderTemplate,
  sampleJsonTemplates,
  type Template,
} from "./template.js";
