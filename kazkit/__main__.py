from kazkit.cli import main

main()
