{
  # The N-API addon with the milvus-jobs core compiled in: no libmilvus_jobs to
  # install first, no pkg-config. The core's sources come from native/ (the
  # copy `npm pack` puts in the tarball) or else from this repository
  # (../../src); scripts/native.js decides. The system provides libcurl and
  # RapidJSON (Debian: libcurl4-openssl-dev, rapidjson-dev).
  # Only Node's entry points are exported (src/addon.map).
  "variables": {
    "mj_root": "<!(node scripts/native.js root)",
    "mj_werror%": "<!(node -p \"process.env.MJ_NODE_WERROR ? 1 : 0\")"
  },
  "target_defaults": {
    "cflags!": ["-fno-exceptions"],
    "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++20"],
    "cflags": ["-fvisibility=hidden"],
    "cflags_cc": ["-std=c++17", "-fexceptions", "-fvisibility-inlines-hidden", "-Wall", "-Wextra"],
    "conditions": [["mj_werror==1", { "cflags_cc": ["-Werror"] }]]
  },
  "targets": [
    {
      "target_name": "milvus_jobs_core",
      "type": "static_library",
      "sources": ["<!@(node scripts/native.js sources)"],
      "include_dirs": ["<(mj_root)/include", "<(mj_root)/src"],
      "defines": ["MJ_BUILDING_LIBRARY", "MJ_LIBRARY_VERSION=\"<!(node scripts/native.js version)\""],
      "direct_dependent_settings": { "include_dirs": ["<(mj_root)/include"] }
    },
    {
      "target_name": "milvus_jobs_node",
      "dependencies": ["milvus_jobs_core"],
      "sources": [
        "src/addon.cpp",
        "src/async_reads.cpp",
        "src/convert.cpp",
        "src/client.cpp",
        "src/long_call.cpp",
        "src/observe.cpp",
        "src/watcher.cpp"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "ldflags": ["-Wl,--version-script=<(module_root_dir)/src/addon.map", "-Wl,--no-undefined-version"],
      "libraries": ["-lcurl", "-lpthread"]
    }
  ]
}
