import type { MnistKind } from "./mnist-files.js";

/** Where each dataset is published, and the MD5 of each file (as torchvision lists them). */
export interface MnistResources {
  mirrors: readonly string[];
  files: readonly (readonly [name: string, md5: string])[];
}

export const MNIST_RESOURCES: Record<MnistKind, MnistResources> = {
  "mnist": {
    mirrors: ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"],
    files: [
      ["train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"],
      ["train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"],
      ["t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"],
      ["t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"],
    ],
  },
  "fashion-mnist": {
    mirrors: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
    files: [
      ["train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"],
      ["train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"],
      ["t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"],
      ["t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"],
    ],
  },
};
