fn main() -> std::process::ExitCode {
    starling::cli::main()
}
