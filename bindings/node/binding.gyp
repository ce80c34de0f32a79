{
  # Builds the N-API addon against the headers of the Node that runs node-gyp
  # (pass --nodedir=<node prefix>, which holds include/node: nothing is
  # downloaded) and links libmilvus_jobs found by pkg-config
  # (PKG_CONFIG_PATH=<prefix>/lib/pkgconfig for a library installed elsewhere).
  "targets": [
    {
      "target_name": "milvus_jobs_node",
      "sources": [
        "src/addon.cpp",
        "src/convert.cpp",
        "src/client.cpp",
        "src/long_call.cpp",
        "src/watcher.cpp"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(pkg-config --cflags-only-I milvus_jobs | sed -e 's/-I//g')"
      ],
      "libraries": [
        "<!@(pkg-config --libs milvus_jobs)",
        "-Wl,-rpath,<!(pkg-config --variable=libdir milvus_jobs)"
      ],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++20"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra", "-Werror"]
    }
  ]
}
