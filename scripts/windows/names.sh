# Sourced by the Windows scripts (from the repository's top folder): the target, the version,
# and where the program and its packages are made.
triple=x86_64-pc-windows-gnu
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
exe=target/windows/$triple/release/starling.exe
setup=target/windows/Starling-$version-setup.exe
zip=target/windows/Starling-$version-windows-x64.zip
