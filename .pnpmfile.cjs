// Install-time hooks (pnpm reads this file on every install; the lockfile records its checksum).
module.exports = {
  hooks: {
    readPackage(pkg) {
      // valibot (behind @bull-board/api) names typescript as an optional peer for its types
      // only; resolved from the workspace root it would put the compiler in the production
      // image. Nothing of valibot's needs it at run time.
      if (pkg.name === 'valibot') {
        delete pkg.peerDependencies?.typescript;
        delete pkg.peerDependenciesMeta?.typescript;
      }
      return pkg;
    },
  },
};
