export { buildNodeImage, buildProgramImage, type NodeImageOptions } from "./image.js";
export { conmonWrapper, containersConf, type PodmanService, requirePodman, startPodman } from "./podman.js";
