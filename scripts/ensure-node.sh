# Sourced by scripts/portal.sh and .ci/run: puts a Node >= 22.12 first on PATH.
# When the machine's node is older, installs the `node@24` npm package into .tools/node (npm ships no Node 24 here).
_need_major=22
_need_minor=12
_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e "const [a,b]=process.versions.node.split('.').map(Number); process.exit(a>${_need_major}||(a===${_need_major}&&b>=${_need_minor})?0:1)"
}
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -x "$_root/.tools/node/node_modules/.bin/node" ]; then
  export PATH="$_root/.tools/node/node_modules/.bin:$PATH"
fi
if ! _node_ok; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "✗ 需要 Node.js >= ${_need_major}.${_need_minor}（推荐 24 LTS），本机没有 npm，无法自动安装。请先安装 Node.js。" >&2
    exit 1
  fi
  echo "… 本机 Node $(node --version 2>/dev/null || echo '无') 过旧，正在安装 node@24 到 .tools/node"
  mkdir -p "$_root/.tools/node"
  # The node package's preinstall fetches the binary; npm 11 runs it only when allowed.
  echo '{"private":true,"allowScripts":{"node":true}}' > "$_root/.tools/node/package.json"
  (cd "$_root/.tools/node" && npm install --no-audit --no-fund --loglevel=error node@24) >&2
  export PATH="$_root/.tools/node/node_modules/.bin:$PATH"
  _node_ok || { echo "✗ 安装 node@24 失败" >&2; exit 1; }
fi
unset _root
