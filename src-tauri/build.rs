// The command list is the one in src/commands.rs: only the names are read here.
include!("src/commands.rs");

macro_rules! command_names {
    (
        sync { $(
            fn $name:ident [$shell:ident, $window:ident]
                ($($arg:ident : $ty:ty),* $(,)?) -> $ret:ty [$($part:ident),*] $body:block
        )* }
        dialog { $(
            fn $dname:ident [$dshell:ident, $dwindow:ident]
                ($($darg:ident : $dty:ty),* $(,)?) -> $dret:ty [$($dpart:ident),*] $dbody:block
        )* }
    ) => {
        &[$(stringify!($name),)* $(stringify!($dname)),*]
    };
}

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/src/commands.rs");
    // Declaring the app's commands makes each one need an explicit permission, so the
    // capability file is the complete list of what the page may call.
    let manifest = tauri_build::AppManifest::new().commands(with_commands!(command_names));
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(manifest)
            .capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("tauri build script failed");
}
