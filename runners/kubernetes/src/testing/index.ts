export {
  type ApiServerDouble,
  type ApiServerDoubleOptions,
  type DoubleKubeConfig,
  startApiServerDouble,
} from "./api-server.js";
export { CONTAINER_LABEL, NODE_NAME } from "./controller.js";
